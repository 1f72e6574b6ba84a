#!/usr/bin/env bash
# The cost of the per-route HTTP timers on L1 hits, A/B in one window: two instances of the built jar side by
# side (embedded H2, cache on, access log off), one with celeris.metrics.http-routes=false, measured in
# alternating short wrk runs so that a busy machine's swings hit both alike; medians of the rounds. Besides
# throughput it reports the server's CPU time per request (utime + stime of the process over the run / requests),
# which a machine shared with other work disturbs far less than throughput.
#
#   bench/route-metrics-ab.sh [rounds=6] [seconds=5] [connections=64]
#
# Build first (./celeris build); JAVA_HOME must be a JDK >= 21 (./celeris prints the one it finds). Reads GET /users/{id} over 100 demo ids of each instance: every read an L1 hit.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6} secs=${2:-5} conns=${3:-64}
JAR=bootstrap/target/bootstrap.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=bench/out/route-metrics-ab; mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

start() { # $1 label, $2 port, $3 true|false
  env SERVER_PORT="$2" CELERIS_DEMO_USERS=1000 CELERIS_ACCESS_LOG_ENABLED=false CELERIS_METRICS_HTTP_ROUTES="$3" \
    "$JAVA" -Xms512m -Xmx512m -jar "$JAR" > "$out/server-$1.log" 2>&1 &
  pids+=($!)
}
start on 18091 true
start off 18092 false
for port in 18091 18092; do
  ready=
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null && ready=1 && break; sleep 1; done
  [ -n "$ready" ] || { echo "instance on $port did not start:" >&2; cat "$out"/server-*.log >&2; exit 1; }
  curl -fs "http://127.0.0.1:$port/users?limit=100" | grep -o '"id":"[^"]*"' | sed 's/"id":/  /; s/$/,/' \
    | { echo 'return {'; cat; echo '}'; } > "$out/ids-$port.lua"
done
cat > "$out/get.lua" <<'LUA'
local ids = dofile(os.getenv("IDS"))
function request() return wrk.format("GET", "/users/" .. ids[math.random(#ids)]) end
LUA
declare -A pid_of=([18091]=${pids[0]} [18092]=${pids[1]})
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
rps 18091 5 >/dev/null; rps 18092 5 >/dev/null   # JIT warm-up of both
on=() off=() con=() coff=()
for r in $(seq 1 "$rounds"); do
  # Alternate which goes first, so neither always follows the other.
  if (( r % 2 )); then a=$(rps 18091 "$secs"); b=$(rps 18092 "$secs"); else b=$(rps 18092 "$secs"); a=$(rps 18091 "$secs"); fi
  on+=("${a% *}"); off+=("${b% *}"); con+=("${a#* }"); coff+=("${b#* }")
  echo "round $r: on ${a% *} req/s ${a#* } us CPU/req, off ${b% *} req/s ${b#* } us CPU/req"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", 100 * (a - b) / b }'; }
mon=$(median "${on[@]}"); moff=$(median "${off[@]}"); mcon=$(median "${con[@]}"); mcoff=$(median "${coff[@]}")
echo "median throughput: on $mon req/s, off $moff req/s ($(change "$mon" "$moff"))"
echo "median server CPU per request: on $mcon us, off $mcoff us ($(change "$mcon" "$mcoff"))"
echo "load average after: $(uptime | sed 's/.*load average: //')"
