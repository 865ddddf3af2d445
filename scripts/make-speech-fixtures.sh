#!/usr/bin/env bash
# Makes the spoken test fixtures with flite (voice rms, which the bundled Vosk model
# transcribes word for word) and sox. Needs the Debian packages flite and sox.
# The outputs are committed; run this again only to change them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=asr-adapters/asr-vosk/src/test/resources/speech
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # name text
  flite -voice rms -t "$2" -o "$tmp/$1.wav"
  # 16 kHz 16-bit mono with 300 ms of silence before and after, as a caller would sound.
  sox "$tmp/$1.wav" -r 16000 -b 16 -c 1 -e signed-integer "$out/$1-16k.wav" pad 0.3 0.3
}

say four-five-six-one "four five six one"
say yes "yes"
say seven-three-nine-two "seven three nine two"
sox -n -r 16000 -b 16 -c 1 -e signed-integer "$out/silence-16k.wav" trim 0 1.0
