#!/usr/bin/env bash
# The cost of tracing on L1 hits, A/B in one window: two instances of the built jar side by side (embedded H2,
# cache on, access log off, per-route metrics on in both), one with tracing off, one exporting every span
# (default sampler parentbased_always_on: each request sampled, the worst case) over OTLP/HTTP to bench/OtlpSink.java,
# a local collector that accepts and discards. Alternating short wrk runs so that a busy machine's swings hit both
# alike; medians of the rounds. Besides throughput it reports the server's CPU time per request (utime + stime of
# the process over the run / requests), which a machine shared with other work disturbs far less; and what the sink
# received, to show spans really left (the batch processor drops spans when its queue of 2048 is full: that work
# is still paid, the export is not).
#
#   bench/tracing-ab.sh [rounds=6] [seconds=5] [connections=64]
#   OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.01 bench/tracing-ab.sh   # 1% of traces kept
#
# The instances inherit the caller's environment: OTEL_* variables other than the endpoint apply to the traced one
# (the other has no endpoint, so tracing stays off there; do not export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).
#
# Build first (./celeris build); JAVA_HOME must be a JDK >= 21. Reads GET /users/{id} over 100 demo ids of each
# instance: every read an L1 hit.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6} secs=${2:-5} conns=${3:-64}
JAR=bootstrap/target/bootstrap.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=bench/out/tracing-ab; mkdir -p "$out"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
on_port=$(free_port) off_port=$(free_port) sink_port=$(free_port)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

"$JAVA" -Xmx128m bench/OtlpSink.java "$sink_port" > "$out/sink.log" 2>&1 &
pids+=($!)
start() { # $1 label, $2 port, $3 OTLP endpoint ("" = tracing off)
  env SERVER_PORT="$2" CELERIS_DEMO_USERS=1000 CELERIS_ACCESS_LOG_ENABLED=false OTEL_EXPORTER_OTLP_ENDPOINT="$3" \
    "$JAVA" -Xms512m -Xmx512m -jar "$JAR" > "$out/server-$1.log" 2>&1 &
  pids+=($!)
}
start on "$on_port" "http://127.0.0.1:$sink_port"
start off "$off_port" ""
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$sink_port/count" >/dev/null && break; sleep 1; done
for port in "$on_port" "$off_port"; do
  ready=
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null && ready=1 && break; sleep 1; done
  [ -n "$ready" ] || { echo "instance on $port did not start:" >&2; cat "$out"/server-*.log >&2; exit 1; }
  curl -fs "http://127.0.0.1:$port/users?limit=100" | grep -o '"id":"[^"]*"' | sed 's/"id":/  /; s/$/,/' \
    | { echo 'return {'; cat; echo '}'; } > "$out/ids-$port.lua"
done
grep -q "tracing: spans exported" "$out/server-on.log" || { echo "the 'on' instance did not turn tracing on" >&2; exit 1; }
cat > "$out/get.lua" <<'LUA'
local ids = dofile(os.getenv("IDS"))
function request() return wrk.format("GET", "/users/" .. ids[math.random(#ids)]) end
LUA
declare -A pid_of=([$on_port]=${pids[1]} [$off_port]=${pids[2]})
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
rps() { # $1 port, $2 seconds: prints "req/s cpu-us-per-request"
  local p=${pid_of[$1]} t0 t1 res
  t0=$(ticks "$p")
  res=$(IDS="$out/ids-$1.lua" wrk -t2 -c"$conns" -d"$2"s -s "$out/get.lua" "http://127.0.0.1:$1")
  t1=$(ticks "$p")
  awk -v t="$((t1 - t0))" -v hz="$hz" '/requests in/ {n=$1} /Requests\/sec/ {r=$2} END {printf "%s %.1f\n", r, t / hz * 1e6 / n}' <<<"$res"
}
echo "load average before: $(uptime | sed 's/.*load average: //')"
# JIT warm-up of both: the traced instance has more code to compile (10 s each was not enough under load).
rps "$on_port" 20 >/dev/null; rps "$off_port" 20 >/dev/null
echo "sampler of the traced instance: ${OTEL_TRACES_SAMPLER:-parentbased_always_on} ${OTEL_TRACES_SAMPLER_ARG:-}"
on=() off=() con=() coff=()
for r in $(seq 1 "$rounds"); do
  # Alternate which goes first, so neither always follows the other.
  if (( r % 2 )); then a=$(rps "$on_port" "$secs"); b=$(rps "$off_port" "$secs"); else b=$(rps "$off_port" "$secs"); a=$(rps "$on_port" "$secs"); fi
  on+=("${a% *}"); off+=("${b% *}"); con+=("${a#* }"); coff+=("${b#* }")
  echo "round $r: on ${a% *} req/s ${a#* } us CPU/req, off ${b% *} req/s ${b#* } us CPU/req"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", 100 * (a - b) / b }'; }
mon=$(median "${on[@]}"); moff=$(median "${off[@]}"); mcon=$(median "${con[@]}"); mcoff=$(median "${coff[@]}")
echo "median throughput: tracing on $mon req/s, off $moff req/s ($(change "$mon" "$moff"))"
echo "median server CPU per request: tracing on $mcon us, off $mcoff us ($(change "$mcon" "$mcoff"))"
sleep 6 # one more batch-export period
echo "sink received: $(curl -fs "http://127.0.0.1:$sink_port/count")"
echo "load average after: $(uptime | sed 's/.*load average: //')"
