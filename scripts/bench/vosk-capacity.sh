#!/usr/bin/env bash
# How many concurrent real-time Vosk recognitions this machine sustains: first the Vosk library
# alone (io.mrcpj.bench.VoskCapacity), then the same utterance through the whole server, driven by
# the harness, N sessions at once for N = 1, 2, ... A server step is sustained when every result
# has the expected words and RECOGNITION-COMPLETE came at most 500 ms after the end of speech
# beyond the Speech-Complete-Timeout: the fixture ends with 500 ms of silence, so
# audio-end-to-complete must stay within the timeout (800 ms, the default).
#
#   scripts/bench/vosk-capacity.sh OUT_DIR [max streams] [seconds per step]
# Build first: ./mvnw -B -q -DskipTests install
set -euo pipefail
out=${1:?usage: vosk-capacity.sh OUT_DIR [max] [seconds]}
max=${2:-10}
secs=${3:-60}
here=$(cd "$(dirname "$0")/../.." && pwd)
wav=$here/mrcp-client/src/test/resources/speech/rms-four-five-six-one-8k.wav
words="four five six one"
sct=800
mkdir -p "$out"

echo "== raw Vosk (the library alone)"
java -cp "$here/mrcp-benchmarks/target/benchmarks.jar" io.mrcpj.bench.VoskCapacity \
  "$wav" "$words" "$max" "$((secs / 2))" | tee "$out/raw.txt"

echo "== through the server (default configuration: Vosk)"
printf '%-8s %10s %8s %22s %22s  %s\n' streams recognitions errors \
  "complete p50/p99 ms" "complete max ms" sustained
best=0
for n in $(seq 1 "$max"); do
  SERVER_CONFIG="$here/scripts/bench/server-vosk.yaml" \
    "$here/scripts/bench/capacity.sh" "$out/server-$n" -n "$n" --rate 5 --duration "${secs}s" \
    --warmup 10s --per-session 1000 --audio "$wav" --expect "$words" --max-errors 0 --quiet \
    >"$out/server-$n.txt" 2>&1
  line=$(python3 - "$out/server-$n/report.json" "$sct" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); s = r["summary"]; sct = float(sys.argv[2])
c = s["latencies"].get("audio-end-to-complete")
ok = s["sessionsFailed"] == 0 and not s["errors"] and c is not None and c["max"] <= sct
errs = sum(s["errors"].values())
print("%d %d %s %s %s" % (s["recognitions"], errs,
      "%.0f/%.0f" % (c["p50"], c["p99"]) if c else "-", "%.0f" % c["max"] if c else "-",
      "yes" if ok else "no"))
PY
)
  set -- $line
  printf '%-8s %10s %8s %22s %22s  %s\n' "$n" "$1" "$2" "$3" "$4" "$5"
  [ "$5" = yes ] || break
  best=$n
done
echo "the server sustains $best real-time Vosk session(s)"
