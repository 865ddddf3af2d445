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

# End-to-end fixtures for the client/server tests (mrcp-client): telephone-rate (8 kHz) speech in
# four flite voices, 300 ms of silence before and 500 ms after. Checked through the server with
# builtin:speech/transcribe: the digits and the sentence come back word for word in all four
# voices; "yes" only in rms (awb, kal and slt give "us"/"yeah"), so the other voices' "yes" is
# used with a yes/no grammar, where awb and kal match "yes" (slt's is heard as "no").
e2e=mrcp-client/src/test/resources/speech
mkdir -p "$e2e"
say8k() { # voice name text
  flite -voice "$1" -t "$3" -o "$tmp/$1-$2.wav"
  sox "$tmp/$1-$2.wav" -r 8000 -b 16 -c 1 -e signed-integer "$e2e/$1-$2-8k.wav" pad 0.3 0.5
}
for voice in rms awb kal slt; do
  say8k "$voice" yes "yes"
  say8k "$voice" four-five-six-one "four five six one"
  say8k "$voice" please-call-me-tomorrow-morning "please call me tomorrow morning"
done
