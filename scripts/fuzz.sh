#!/usr/bin/env bash
# Long fuzzing runs with Jazzer: each fuzz target in turn, for a million executions (or 30 min),
# its corpus seeded from the real captures in ../shared/interop. A crash stops the run and leaves
# the input in the test's Inputs folder (src/test/resources/.../<Class>Inputs/<method>): commit it,
# fix the bug, and the normal build replays it from then on.
#
#   scripts/fuzz.sh [OUT_DIR] [target ...]     targets: mrcpDecoder sdpParser nlsmlReader
#                                               srgsXmlParser srgsAbnfParser rtpPacket eslFrames
# Build first: ./mvnw -B -q -DskipTests install. Prints executions, time and exec/s per target.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
interop=$(cd "$here/../shared/interop" && pwd)
out=${1:-$here/target/fuzz}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mrcpDecoder sdpParser nlsmlReader srgsXmlParser srgsAbnfParser rtpPacket eslFrames)
mkdir -p "$out"

seed() { # module class method: copies seeds into Jazzer's generated corpus for that test
  local dir="$here/$1/.cifuzz-corpus/$2/$3"
  mkdir -p "$dir"
  case $3 in
    mrcpDecoder) cp "$interop"/unimrcp/*.bin "$interop"/mod_unimrcp/*.bin "$dir"/ ;;
    sdpParser) for f in "$interop"/unimrcp/*INVITE*.sip "$interop"/unimrcp/*200*.sip \
                 "$interop"/mod_unimrcp/*INVITE*.sip "$interop"/mod_unimrcp/*200*.sip; do
                 awk 'b{print} /^\r?$/{b=1}' "$f" >"$dir/$(basename "$f").sdp"; done ;;
    nlsmlReader|srgsXmlParser)
      for f in "$interop"/unimrcp/*.bin "$interop"/mod_unimrcp/*.bin; do
        python3 - "$f" "$dir" <<'PY'
import sys, os
data = open(sys.argv[1], 'rb').read()
i, n = 0, 0
while True:
    i = data.find(b'<?xml', i)
    if i < 0: break
    j = data.find(b'MRCP/2.0', i)
    open(os.path.join(sys.argv[2], os.path.basename(sys.argv[1]) + '.%d.xml' % n), 'wb').write(data[i:j if j > 0 else len(data)])
    i, n = i + 5, n + 1
PY
      done ;;
    srgsAbnfParser) printf '#ABNF 1.0 UTF-8;\nlanguage en-US;\nmode voice;\nroot $yesno;\npublic $yesno = yes {out="yes"} | no | [please] $d <1-3>;\n$d = one | two | (three four) /0.5/ five;\n' >"$dir/yesno.gram" ;;
    rtpPacket) python3 - "$interop/unimrcp/recog.pcapng" "$dir" <<'PY'
import sys, os
data = open(sys.argv[1], 'rb').read()
# RTP v2 headers are easy to spot: 0x80 then PCMU/PCMA/telephone-event payload types
n = 0
for i in range(len(data) - 172):
    if data[i] == 0x80 and data[i + 1] & 0x7f in (0, 8, 101) and n < 50 and i % 7 == 0:
        open(os.path.join(sys.argv[2], 'rtp%d' % n), 'wb').write(data[i:i + 172]); n += 1
PY
      ;;
    eslFrames) # whole captures run at ~230 exec/s: seed with runs of frames of at most 4 KiB
      for f in "$interop"/freeswitch/*.esl; do
        python3 - "$f" "$dir" <<'PY'
import sys, os
data = open(sys.argv[1], 'rb').read()
# a frame ends at a blank line, or after the body its Content-Length announces
frames, i = [], 0
while i < len(data):
    j = data.find(b'\n\n', i)
    j = len(data) if j < 0 else j + 2
    head = data[i:j]
    k = head.lower().find(b'content-length:')
    if k >= 0:
        try:
            j += int(head[k + 15:].split(b'\n', 1)[0].strip())
        except ValueError:
            pass
    frames.append(data[i:j]); i = j
piece, n = b'', 0
for fr in frames:
    if piece and len(piece) + len(fr) > 4096:
        open(os.path.join(sys.argv[2], '%s.%d' % (os.path.basename(sys.argv[1]), n)), 'wb').write(piece[:4096]); n += 1; piece = b''
    piece += fr
if piece:
    open(os.path.join(sys.argv[2], '%s.%d' % (os.path.basename(sys.argv[1]), n)), 'wb').write(piece[:4096])
PY
      done ;;
  esac
}

printf '%-16s %12s %10s %10s  %s\n' target executions "seconds" "exec/s" result
for t in "${targets[@]}"; do
  if [ "$t" = eslFrames ]; then
    module=mrcp-client; class=io.mrcpj.client.esl.EslFuzzTest
  else
    module=mrcp-core; class=io.mrcpj.core.fuzz.WireFuzzTest
  fi
  seed "$module" "$class" "$t"
  start=$(date +%s)
  if (cd "$here" && JAZZER_FUZZ=1 ./mvnw -B -o test -pl "$module" -Dtest="${class##*.}#$t" \
        -Dsurefire.failIfNoSpecifiedTests=false) >"$out/$t.log" 2>&1; then
    result=ok
  else
    result="FAILED (see $out/$t.log)"
  fi
  secs=$(( $(date +%s) - start ))
  # libFuzzer's summary: "Done 1000000 runs in 42 second(s)"
  done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$out/$t.log" | tail -1 || true)
  execs=$(echo "$done_line" | awk '{print $2}')
  fsecs=$(echo "$done_line" | awk '{print $5}')
  rate=$([ -n "$execs" ] && [ -n "$fsecs" ] && echo $(( execs / (fsecs > 0 ? fsecs : 1) )) || true)
  printf '%-16s %12s %10s %10s  %s\n' "$t" "${execs:--}" "$secs" "${rate:--}" "$result"
done
