# Scenario `pages` of bench/run.sh (sourced by it: uses its settings and its start_server, run_wrk, record).
#
#   ./celeris bench pages [--users N] [--duration 15s] [--warmup 10s] [--connections 64]
#
# First pages of listings on PostgreSQL, in one run, with the cache on (two tiers over Redis at
# CELERIS_BENCH_REDIS_URL, default redis://127.0.0.1:6379; first pages then come from L1) and off:
#   cursor  GET /users?limit=20&sort=created_at             (keyset, no cursor)
#   offset  GET /users?page=1&size=20&sort=name&count=exact (numbered, with the exact total)
# The access log is off (this measures the cache). Keys use their own prefix, removed after.

pages_redis=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
pages_prefix="celeris-bench-$$:"
pages_load_before=$(uptime | sed 's/.*load average: //')
pages_urls=("cursor /users?limit=20&sort=created_at" "offset /users?page=1&size=20&sort=name&count=exact")

pages_point() { # $1 cache on|off, rest: service environment
  local mode=$1; shift
  start_server "pages-$mode" CELERIS_ACCESS_LOG_ENABLED=false "$@"
  local entry kind path result
  for entry in "${pages_urls[@]}"; do
    kind=${entry%% *} path=${entry#* }
    wrk -t"$threads" -c"$connections" -d"$warmup" "$BASE$path" > "$OUT/wrk-warm-pages-$mode-$kind.txt"
    result=$(run_wrk_path "pages-$mode-$kind" "$path")
    record "first page $kind cache=$mode c$connections" "$result"
    eval "pages_${mode}_${kind}=\"$result\""
  done
  stop_server
}

# wrk on one fixed URL -> "req/s p50 p99 errors"
run_wrk_path() { # $1 label, $2 path
  local log="$OUT/wrk-$1.txt"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$BASE$2" > "$log"
  awk '
    /Requests\/sec:/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF }
    /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }' "$log"
}

pages_point on CELERIS_CACHE_ENABLED=true REDIS_URL="$pages_redis" REDIS_KEY_PREFIX="$pages_prefix"
pages_point off CELERIS_CACHE_ENABLED=false
redis-cli -u "$pages_redis" --scan --pattern "${pages_prefix}*" | xargs -r redis-cli -u "$pages_redis" unlink >/dev/null

ratios=""
for kind in cursor offset; do
  on=$(eval "awk '{print \$1}' <<<\"\$pages_on_$kind\""); off=$(eval "awk '{print \$1}' <<<\"\$pages_off_$kind\"")
  ratios+="$kind $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.1f", a / b }')x; "
done
echo "bench: first pages, cache on / off: $ratios"
note="first pages cache on/off: ${ratios}$users users, wrk -t$threads -c$connections -d$duration; load average before: $pages_load_before"
