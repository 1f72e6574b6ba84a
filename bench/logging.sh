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
  eval "log_${label//-/_}=\"$result\""
}

rm -f "$OUT"/access-*.log*
# FileHandler reads its pattern from the logging configuration, not from system properties.
{ cat bench/logging-sync-file.properties; echo "java.util.logging.FileHandler.pattern=$PWD/$OUT/access-sync.log"; } \
  > "$OUT/logging-sync-file.properties"
log_point off "" CELERIS_ACCESS_LOG_ENABLED=false
log_point async "-Dio.celeris.bootstrap.logging.AsyncAccessLogHandler.file=$OUT/access-async.log" CELERIS_ACCESS_LOG_ENABLED=true
log_point sync "-Djava.util.logging.config.file=$OUT/logging-sync-file.properties" CELERIS_ACCESS_LOG_ENABLED=true
# Off once more, last: how far the machine drifted during the run (compare the ratios with that in mind).
log_point off-again "" CELERIS_ACCESS_LOG_ENABLED=false

async_lines=$(cat "$OUT"/access-async.log* 2>/dev/null | wc -l || true)
sync_lines=$(cat "$OUT"/access-sync.log* 2>/dev/null | wc -l || true)
off=$(awk '{print $1}' <<<"$log_off"); off_again=$(awk '{print $1}' <<<"$log_off_again"); async=$(awk '{print $1}' <<<"$log_async"); sync=$(awk '{print $1}' <<<"$log_sync")
# Signed change of throughput against off: -2.8 means 2.8% fewer requests per second.
async_pct=$(awk -v a="$async" -v b="$off" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }')
sync_pct=$(awk -v a="$sync" -v b="$off" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }')
echo "bench: throughput with the async access log ${async_pct}% vs off (goal: no worse than -5%); synchronous file ${sync_pct}%"
drift=$(awk -v a="$off_again" -v b="$off" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }')
echo "bench: off measured again last: ${drift}% vs the first off (the machine's drift during the run)"
echo "bench: lines written (warm-up included): async $async_lines, sync $sync_lines"
note="throughput with async access log ${async_pct}% vs off (goal >= -5%), synchronous FileHandler ${sync_pct}%, off again last ${drift}% (drift); lines on disk async $async_lines / sync $sync_lines (warm-up included); $users users, L1 hits, wrk -t$threads -c$connections -d$duration; load average before: $log_load_before"
