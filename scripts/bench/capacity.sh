#!/usr/bin/env bash
# Runs the server (its own JVM) and the harness against it on this machine, and samples the
# server's CPU and resident memory once a second while the harness runs.
#
#   scripts/bench/capacity.sh OUT_DIR [harness options...]
#
# Build first: ./mvnw -B -q -DskipTests install
# Environment: SERVER_CONFIG (default scripts/bench/server-capacity.yaml: demo engine, 1,200
# sessions), SERVER_JAVA_OPTS (default -Xmx512m), BENCH_JAVA_OPTS (default -Xmx1g), HEAP_EVERY
# (seconds; when set, the server gets a full GC that often (jcmd GC.run) and its heap in use after
# it is written to OUT_DIR/server-heap.csv: t, used KiB).
# Writes OUT_DIR/server.log, OUT_DIR/server-usage.csv (t, cpu % of one core, rss MiB),
# OUT_DIR/report.json, OUT_DIR/report.html and prints the harness summary and the server's
# averages. Both processes are stopped at the end, whatever happens.
set -euo pipefail
out=${1:?usage: capacity.sh OUT_DIR [harness options]}
shift
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
config=${SERVER_CONFIG:-$here/scripts/bench/server-capacity.yaml}
tick=$(getconf CLK_TCK)

java ${SERVER_JAVA_OPTS:--Xmx512m} -jar "$here/mrcp-server/target/mrcp-server.jar" -c "$config" \
  >"$out/server.log" 2>&1 &
server=$!
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "${heaper:-}" ] && kill "$heaper" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  grep -q 'mrcp-server ready' "$out/server.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server.log"; exit 1; }
  sleep 0.5
done

# once a second: CPU of the server process (user + system) and its resident set
(
  echo "t,cpu_percent,rss_mib" >"$out/server-usage.csv"
  prev=$(awk '{print $14 + $15}' "/proc/$server/stat")
  t=0
  while kill -0 "$server" 2>/dev/null; do
    sleep 1
    t=$((t + 1))
    now=$(awk '{print $14 + $15}' "/proc/$server/stat" 2>/dev/null) || break
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status" 2>/dev/null) || break
    echo "$t,$(( (now - prev) * 100 / tick )),$rss" >>"$out/server-usage.csv"
    prev=$now
  done
) &
sampler=$!
heaper=
if [ -n "${HEAP_EVERY:-}" ]; then
  (
    echo "t,heap_used_kib" >"$out/server-heap.csv"
    start=$(date +%s)
    while kill -0 "$server" 2>/dev/null; do
      sleep "$HEAP_EVERY"
      jcmd "$server" GC.run >/dev/null 2>&1 || break
      used=$(jcmd "$server" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
      [ -n "$used" ] && echo "$(( $(date +%s) - start )),$used" >>"$out/server-heap.csv"
    done
  ) &
  heaper=$!
fi

java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$here/mrcp-client/target/mrcp-client.jar" bench \
  --json "$out/report.json" --html "$out/report.html" "$@" || true

awk -F, 'NR > 1 { n++; cpu += $2; if ($3 > rss) rss = $3 }
  END { if (n) printf "server: %.0f%% of a core on average over %d s, peak RSS %d MiB\n", cpu / n, n, rss }' \
  "$out/server-usage.csv"
