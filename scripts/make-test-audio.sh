#!/bin/sh
# Regenerates the small WAV fixtures used by the media tests (io.mrcpj.core.media).
# Needs the Debian packages sox and flite. Output: 16-bit signed mono PCM WAV.
#   dtmf-clean-8k.wav   "1234567890*#ABCD": 100 ms tones, 100 ms gaps, each tone peak 0.158 (-16 dBFS)
#   dtmf-clean-16k.wav  the same at 16 kHz
#   dtmf-noisy-8k.wav   the same mixed with white noise (sox -m halves both: tones about
#                       -22 dBFS each, noise about -41 dBFS rms)
#   speech-8k.wav       flite voice rms "please say the account number", 0.5 s silence
#                       before and 1 s after
#   noise-8k.wav        1 s of white noise at about -40 dBFS
set -eu
out="$(dirname "$0")/../mrcp-core/src/test/resources/audio"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

row() { case "$1" in 1|2|3|A) echo 697;; 4|5|6|B) echo 770;; 7|8|9|C) echo 852;; *) echo 941;; esac; }
col() { case "$1" in 1|4|7|'*') echo 1209;; 2|5|8|0) echo 1336;; 3|6|9|'#') echo 1477;; *) echo 1633;; esac; }

make_seq() { # $1 = rate, $2 = output
  files=""
  i=0
  for d in 1 2 3 4 5 6 7 8 9 0 '*' '#' A B C D; do
    sox -n -r "$1" -b 16 -c 1 -e signed "$tmp/t$i.wav" \
      synth 0.1 sine "$(row "$d")" sine "$(col "$d")" channels 1 vol 0.316
    sox -n -r "$1" -b 16 -c 1 -e signed "$tmp/g$i.wav" trim 0 0.1
    files="$files $tmp/t$i.wav $tmp/g$i.wav"
    i=$((i + 1))
  done
  sox -n -r "$1" -b 16 -c 1 -e signed "$tmp/lead.wav" trim 0 0.2
  # shellcheck disable=SC2086
  sox "$tmp/lead.wav" $files "$2"
}

make_seq 8000 "$out/dtmf-clean-8k.wav"
make_seq 16000 "$out/dtmf-clean-16k.wav"
len=$(soxi -D "$out/dtmf-clean-8k.wav")
sox -n -r 8000 -b 16 -c 1 -e signed "$tmp/noise.wav" synth "$len" whitenoise vol 0.03
sox -m "$out/dtmf-clean-8k.wav" "$tmp/noise.wav" -b 16 "$out/dtmf-noisy-8k.wav"
sox -n -r 8000 -b 16 -c 1 -e signed "$out/noise-8k.wav" synth 1 whitenoise vol 0.01

flite -voice rms -t "please say the account number" -o "$tmp/x.wav"
sox "$tmp/x.wav" -r 8000 -b 16 -c 1 "$tmp/s.wav"
sox -n -r 8000 -b 16 -c 1 -e signed "$tmp/pre.wav" trim 0 0.5
sox -n -r 8000 -b 16 -c 1 -e signed "$tmp/post.wav" trim 0 1.0
sox "$tmp/pre.wav" "$tmp/s.wav" "$tmp/post.wav" "$out/speech-8k.wav"
