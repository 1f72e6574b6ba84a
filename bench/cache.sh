# Scenario `cache` of bench/run.sh (sourced by it: uses its settings and its start_server, run_wrk, record).
#
#   ./celeris bench cache [--users N] [--duration 20s] [--warmup 10s] [--connections 64]
#
# GET /users/{id} over a hot set of 1,000 ids on PostgreSQL, in one run:
#   l1      two tiers on (Redis at CELERIS_BENCH_REDIS_URL, default redis://127.0.0.1:6379), L1 warm: L1 hits;
#   l2      the same with an L1 of one entry, so reads go to Redis: L2 hits;
#   off     the cache switched off: every read is a database round trip;
#   ceiling GET /bench/ceiling, the HTTP stack doing no work.
# The access log is off in every point (this measures the cache). Keys use their own prefix, cleared after.

cache_redis=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
cache_prefix="celeris-bench-$$:"
cache_load_before=$(uptime | sed 's/.*load average: //')

hot_ids

cache_point() { # $1 label, rest: service environment; records the measured row
  local label=$1; shift
  start_server "$label" CELERIS_ACCESS_LOG_ENABLED=false "$@"
  run_wrk "warm-$label" bench/get-by-id.lua "$warmup" >/dev/null
  local result; result=$(run_wrk "$label" bench/get-by-id.lua "$duration")
  record "get-by-id $label c$connections" "$result"
  if [ "$label" = l2 ] || [ "$label" = l1 ]; then
    # Latency of one read at a time: what a single client sees, without queueing behind 63 others.
    local c=$connections t=$threads; connections=1; threads=1
    record "get-by-id $label c1" "$(run_wrk "$label-c1" bench/get-by-id.lua "$warmup")"
    connections=$c; threads=$t
  fi
  # Which tier answered, from a sample read after the run (RFC 9211 Cache-Status).
  local id; id=$(sed -n '2p' "$OUT/ids.lua" | tr -d '",')
  echo "bench: $label answers with Cache-Status: $(curl -s -o /dev/null -D - "http://127.0.0.1:$PORT/users/$id" | tr -d '\r' | sed -n 's/^Cache-Status: //Ip')"
  stop_server
  eval "cache_$label=\"$result\""
}

cache_point l1 CELERIS_CACHE_ENABLED=true REDIS_URL="$cache_redis" REDIS_KEY_PREFIX="$cache_prefix"
cache_point l2 CELERIS_CACHE_ENABLED=true REDIS_URL="$cache_redis" REDIS_KEY_PREFIX="$cache_prefix" CELERIS_CACHE_L1_MAX_SIZE=1
cache_point off CELERIS_CACHE_ENABLED=false
start_server ceiling CELERIS_CACHE_ENABLED=false CELERIS_ACCESS_LOG_ENABLED=false
run_wrk warm-ceiling bench/ceiling.lua "$warmup" >/dev/null
cache_ceiling=$(run_wrk ceiling bench/ceiling.lua "$duration")
record "ceiling /bench/ceiling c$connections" "$cache_ceiling"
stop_server
redis-cli -u "$cache_redis" --scan --pattern "${cache_prefix}*" | xargs -r redis-cli -u "$cache_redis" unlink >/dev/null

l1=$(awk '{print $1}' <<<"$cache_l1"); off=$(awk '{print $1}' <<<"$cache_off"); ceil=$(awk '{print $1}' <<<"$cache_ceiling")
l2p99=$(awk '/^ +99%/ {print $2}' "$OUT/wrk-l2-c1.txt")
ratio=$(awk -v a="$l1" -v b="$off" 'BEGIN { printf "%.1f", a / b }')
share=$(awk -v a="$l1" -v b="$ceil" 'BEGIN { printf "%.0f", 100 * a / b }')
echo "bench: L1 hit / cache off = ${ratio}x (goal >= 5x); L1 hit = ${share}% of the ceiling (goal >= 80%); L2 hit p99 = $l2p99 at one connection (goal < 2 ms)"
note="${settings[*]+settings ${settings[*]}; }L1/off ${ratio}x; L1 ${share}% of ceiling; L2 p99 $l2p99 (c1); $users users, hot set 1,000 ids, wrk -t$threads -c$connections -d$duration; load average before: $cache_load_before"
