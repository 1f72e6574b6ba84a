# Scenario `logging` of bench/run.sh (sourced by it: uses its settings and its start_server, run_wrk, record).
#
#   ./celeris bench logging [--users N] [--duration 20s] [--warmup 10s] [--connections 64]
#
# Service throughput with the access log off, on through the asynchronous handler to a file, and on
# through a synchronous java.util.logging.FileHandler (bench/logging-sync-file.properties), in one run:
# GET /users/{id} over a hot set of 1,000 ids with the cache on (L1 hits: the cheapest request, where
# the cost of logging shows most). Goal: asynchronous within 5% of off.

log_load_before=$(uptime | sed 's/.*load average: //')
hot_ids

log_point() { # $1 label, $2 JVM options, rest: service environment
  local label=$1 opts=$2; shift 2
  BENCH_JVM_OPTS="$opts" start_server "$label" CELERIS_CACHE_ENABLED=true "$@"
  run_wrk "warm-$label" bench/get-by-id.lua "$warmup" >/dev/null
  local result; result=$(run_wrk "$label" bench/get-by-id.lua "$duration")
  record "get-by-id access-log=$label c$connections" "$result"
  stop_server
  eval "log_$label=\"$result\""
}

rm -f "$OUT"/access-*.log*
# FileHandler reads its pattern from the logging configuration, not from system properties.
{ cat bench/logging-sync-file.properties; echo "java.util.logging.FileHandler.pattern=$PWD/$OUT/access-sync.log"; } \
  > "$OUT/logging-sync-file.properties"
log_point off "" CELERIS_ACCESS_LOG_ENABLED=false
log_point async "-Dio.celeris.bootstrap.logging.AsyncAccessLogHandler.file=$OUT/access-async.log" CELERIS_ACCESS_LOG_ENABLED=true
log_point sync "-Djava.util.logging.config.file=$OUT/logging-sync-file.properties" CELERIS_ACCESS_LOG_ENABLED=true

async_lines=$(cat "$OUT"/access-async.log* 2>/dev/null | wc -l || true)
sync_lines=$(cat "$OUT"/access-sync.log* 2>/dev/null | wc -l || true)
off=$(awk '{print $1}' <<<"$log_off"); async=$(awk '{print $1}' <<<"$log_async"); sync=$(awk '{print $1}' <<<"$log_sync")
async_pct=$(awk -v a="$async" -v b="$off" 'BEGIN { printf "%.1f", 100 * (b - a) / b }')
sync_pct=$(awk -v a="$sync" -v b="$off" 'BEGIN { printf "%.1f", 100 * (b - a) / b }')
echo "bench: async access log costs ${async_pct}% of the throughput with logging off (goal <= 5%); synchronous file ${sync_pct}%"
echo "bench: lines written (warm-up included): async $async_lines, sync $sync_lines"
note="async access log -${async_pct}% vs off (goal <= 5%), synchronous FileHandler -${sync_pct}%; lines on disk async $async_lines / sync $sync_lines (warm-up included); $users users, L1 hits, wrk -t$threads -c$connections -d$duration; load average before: $log_load_before"
