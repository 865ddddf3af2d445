#!/usr/bin/env bash
# Heap the server holds per idle session: live heap after a full GC with no session, then with N
# idle sessions (INVITE done, channel and RTP port allocated, no RECOGNIZE), divided by N.
#
#   scripts/bench/idle-heap.sh [N]          (default 1000; build first: ./mvnw -B -q -DskipTests install)
# Environment: SERVER_CONFIG (default scripts/bench/server-capacity.yaml), SERVER_JAVA_OPTS.
set -euo pipefail
n=${1:-1000}
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
config=${SERVER_CONFIG:-$here/scripts/bench/server-capacity.yaml}
java ${SERVER_JAVA_OPTS:--Xmx512m} -jar "$here/mrcp-server/target/mrcp-server.jar" -c "$config" \
  >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  grep -q 'mrcp-server ready' "$out/server.log" && break
  sleep 0.5
done

live_kib() {
  jcmd "$server" GC.run >/dev/null
  sleep 1
  jcmd "$server" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9
}

# one warm-up round so that classes and pools are loaded before the baseline
java -jar "$here/mrcp-client/target/mrcp-client.jar" bench --scenario idle -n 50 --rate 200 \
  --total 50 --hold 2s --quiet >/dev/null
base=$(live_kib)
hold=$((n / 200 + 30))
java -jar "$here/mrcp-client/target/mrcp-client.jar" bench --scenario idle -n "$n" --rate 200 \
  --total "$n" --hold "${hold}s" --quiet >"$out/bench.txt" &
bench=$!
sleep $((n / 200 + 10))
held=$(live_kib)
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status")
wait $bench || true
grep -E 'sessions:|errors' "$out/bench.txt" || true
echo "live heap: $base KiB with no session, $held KiB with $n idle sessions (RSS $rss MiB)"
echo "per idle session: $(( (held - base) / n )) KiB"
