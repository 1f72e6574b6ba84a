#!/usr/bin/env bash
# Celeris benchmark harness. Starts the built service on PostgreSQL with given settings, seeds N users,
# warms up, runs wrk scenarios and appends one row per scenario to bench/RESULTS.md.
#
#   ./celeris bench get-by-id [--users N] [--duration 20s] [--connections 64] [--threads 2] [--set KEY=VALUE]...
#
# --set passes a setting to the service as an environment variable (README's table), e.g.
# --set DATABASE_POOL_MAX_SIZE=4; repeatable.
#
# Scenario get-by-id: GET /users/{id} over a hot set of 1,000 ids with the cache on, the same with the
# cache off, and the ceiling route (/bench/ceiling), all in one run; prints the ratios.
# Needs: wrk (apt-get install wrk), psql, PostgreSQL on 127.0.0.1:5432 (CELERIS_BENCH_PG_* to change).
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="./celeris bench $*"
scenario=${1:-get-by-id}; shift || true
users=100000 duration=20s connections=64 threads=2 warmup=10s
settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --set) settings+=("$2"); shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "bench: psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
: "${JAVA_HOME:?run through ./celeris bench}"

PG_HOST=${CELERIS_BENCH_PG_HOST:-127.0.0.1} PG_PORT=${CELERIS_BENCH_PG_PORT:-5432} PG_USER=${CELERIS_BENCH_PG_USER:-postgres}
DB=celeris_bench
PORT=${CELERIS_BENCH_PORT:-8089}
OUT=bench/out; mkdir -p "$OUT"
JAR=bootstrap/target/bootstrap.jar
psqlc() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

echo "bench: building"; ./mvnw -B -q -DskipTests package

echo "bench: fresh database $DB with $users users"
psqlc -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap stop_server EXIT

start_server() { # $1 = label, rest = extra env assignments
  local label=$1; shift
  env SERVER_PORT=$PORT DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" DATABASE_USER="$PG_USER" \
      CELERIS_BENCH_CEILING_ROUTE=true CELERIS_DEMO_USERS=0 ${settings[@]+"${settings[@]}"} "$@" \
      "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -jar "$JAR" > "$OUT/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$PORT/bench/ceiling" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$label.log"; exit 1; }
    sleep 0.5
  done
  echo "bench: server did not come up" >&2; cat "$OUT/server-$label.log"; exit 1
}

# wrk run -> "req/s p50 p99 errors"
run_wrk() { # $1 = label, $2 = lua script, $3 = duration
  local log="$OUT/wrk-$1.txt"
  wrk -t"$threads" -c"$connections" -d"$3" --latency -s "$2" "http://127.0.0.1:$PORT" > "$log"
  awk '
    /Requests\/sec:/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF }
    /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }' "$log"
}

commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/RESULTS.md' || echo "+dirty")
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
results=()
record() { # scenario, "rps p50 p99 errors"
  read -r rps p50 p99 err <<<"$2"
  results+=("| $stamp | $commit | $1 | $rps | $p50 | $p99 | $err |")
  printf 'bench: %-32s %10s req/s  p50 %-8s p99 %-8s errors %s\n' "$1" "$rps" "$p50" "$p99" "$err"
}

case "$scenario" in
  get-by-id)
    start_server cache-on CELERIS_CACHE_ENABLED=true
    echo "bench: seeding $users users"
    psqlc -d "$DB" -c "INSERT INTO users (id, email, name, created_at, updated_at, version)
      SELECT gen_random_uuid(), 'user' || g || '@bench.example', 'User ' || (g % 5000),
             now() - make_interval(secs => g), now() - make_interval(secs => g), 1
      FROM generate_series(1, $users) g" -c "ANALYZE users"
    psqlc -d "$DB" -At -c "SELECT id FROM users ORDER BY random() LIMIT 1000" \
      | awk 'BEGIN { print "return {" } { printf "\"%s\",\n", $1 } END { print "}" }' > "$OUT/ids.lua"
    label="c$connections"
    run_wrk warm-ceiling bench/ceiling.lua "$warmup" >/dev/null
    run_wrk warm-cache-on bench/get-by-id.lua "$warmup" >/dev/null
    record "ceiling /bench/ceiling $label" "$(run_wrk ceiling bench/ceiling.lua "$duration")"
    cache_on=$(run_wrk cache-on bench/get-by-id.lua "$duration")
    record "get-by-id cache=on $label" "$cache_on"
    stop_server
    start_server cache-off CELERIS_CACHE_ENABLED=false
    run_wrk warm-cache-off bench/get-by-id.lua "$warmup" >/dev/null
    cache_off=$(run_wrk cache-off bench/get-by-id.lua "$duration")
    record "get-by-id cache=off $label" "$cache_off"
    stop_server
    ceiling=$(awk '/Requests\/sec:/ {print $2}' "$OUT/wrk-ceiling.txt")
    on=$(awk '{print $1}' <<<"$cache_on"); off=$(awk '{print $1}' <<<"$cache_off")
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.2f", a / b }')
    share=$(awk -v a="$on" -v b="$ceiling" 'BEGIN { printf "%.0f", 100 * a / b }')
    echo "bench: cache on / cache off = ${ratio}x; cache on = ${share}% of the ceiling route"
    note="${settings[*]+settings ${settings[*]}; }ratio cache on/off ${ratio}x; cache on ${share}% of ceiling; $users users, hot set 1,000 ids, wrk -t$threads -c$connections -d$duration"
    ;;
  pool) . bench/pool.sh ;;
  *) echo "bench: unknown scenario $scenario (known: get-by-id)" >&2; exit 2 ;;
esac

if [ ! -f bench/RESULTS.md ]; then
  printf '# Benchmark results\n\nRows are appended by `./celeris bench <scenario>`; see bench/README.md.\n\n' > bench/RESULTS.md
fi
{
  echo
  echo "### $stamp $scenario ($commit) — $note"
  echo
  echo "Command: \`$command_line\`"
  echo
  echo "| date | commit | scenario | req/s | p50 | p99 | errors |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${results[@]}"
} >> bench/RESULTS.md
echo "bench: appended to bench/RESULTS.md"
