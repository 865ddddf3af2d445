#!/usr/bin/env bash
# How many concurrent real-time Vosk recognitions this machine sustains: the Vosk library alone
# (io.mrcpj.bench.VoskCapacity) against the same utterance through the whole server, driven by the
# harness, N streams at once for N = FIRST, FIRST+1, ... Both sides run each step for the same
# number of seconds, REPEATS times (default 3), and a step is judged on the median run:
# - raw Vosk: every result has the expected words and came within 500 ms of the end of its audio;
# - server: every result has the expected words and RECOGNITION-COMPLETE came at most 500 ms after
#   the end of speech beyond the Speech-Complete-Timeout. The fixture ends with 500 ms of silence,
#   so audio-end-to-complete must stay within the timeout (800 ms, the default).
# The steps stop when neither side sustains N.
#
#   scripts/bench/vosk-capacity.sh OUT_DIR [max streams] [seconds per step] [first step]
# Build first: ./mvnw -B -q -DskipTests install
set -euo pipefail
out=${1:?usage: vosk-capacity.sh OUT_DIR [max] [seconds] [first]}
max=${2:-10}
secs=${3:-60}
first=${4:-1}
repeats=${REPEATS:-3}
here=$(cd "$(dirname "$0")/../.." && pwd)
wav=$here/mrcp-client/src/test/resources/speech/rms-four-five-six-one-8k.wav
words="four five six one"
sct=800
mkdir -p "$out"

# prints "<max latency ms> <ok: yes|no>" for one raw step
raw_step() {
  java -cp "$here/mrcp-benchmarks/target/benchmarks.jar" io.mrcpj.bench.VoskCapacity \
    "$wav" "$words" "$1" "$secs" "$1" >"$2" 2>&1
  awk -v n="$1" '$1 == n && NF == 8 { print $7, $8 }' "$2"
}

# prints "<max audio-end-to-complete ms> <ok: yes|no>" for one server step
server_step() {
  SERVER_CONFIG="$here/scripts/bench/server-vosk.yaml" \
    "$here/scripts/bench/capacity.sh" "$2" -n "$1" --rate 5 --duration "${secs}s" \
    --warmup 10s --per-session 1000 --audio "$wav" --expect "$words" --max-errors 0 --quiet \
    >"$2.txt" 2>&1 || true
  python3 - "$2/report.json" "$sct" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
except (OSError, ValueError, KeyError):
    print("- no"); sys.exit()
c = s["latencies"].get("audio-end-to-complete")
ok = s["sessionsFailed"] == 0 and not s["errors"] and c is not None and c["max"] <= float(sys.argv[2])
print("%.0f %s" % (c["max"] if c else -1, "yes" if ok else "no"))
PY
}

# "yes" when most runs of a step were sustained (the median run)
verdict() {
  local yes=0
  for v in "$@"; do [ "$v" = yes ] && yes=$((yes + 1)); done
  [ $((2 * yes)) -gt $# ] && echo yes || echo no
}

printf '%-8s %-28s %-8s %-28s %-8s\n' streams "raw Vosk: max ms per run" sustained \
  "server: max ms per run" sustained
raw_best=0
server_best=0
for n in $(seq "$first" "$max"); do
  raw_ms=() raw_ok=() srv_ms=() srv_ok=()
  for r in $(seq 1 "$repeats"); do
    set -- $(raw_step "$n" "$out/raw-$n-$r.txt")
    raw_ms+=("${1:--}") raw_ok+=("${2:-no}")
    set -- $(server_step "$n" "$out/server-$n-$r")
    srv_ms+=("$1") srv_ok+=("$2")
  done
  rv=$(verdict "${raw_ok[@]}")
  sv=$(verdict "${srv_ok[@]}")
  printf '%-8s %-28s %-8s %-28s %-8s\n' "$n" "${raw_ms[*]}" "$rv" "${srv_ms[*]}" "$sv"
  [ "$rv" = yes ] && raw_best=$n
  [ "$sv" = yes ] && server_best=$n
  [ "$rv" = yes ] || [ "$sv" = yes ] || break
done
echo "raw Vosk sustains $raw_best real-time stream(s); the server sustains $server_best"
