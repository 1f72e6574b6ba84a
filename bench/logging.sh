# Scenario `logging` of bench/run.sh (sourced by it: uses its settings and its start_server, run_wrk, record).
#
#   ./celeris bench logging [--users N] [--duration 20s] [--warmup 10s] [--connections 64] [--rounds 3]
#
# Service throughput with the access log off, on through the asynchronous handler to a file, and on
# through a synchronous java.util.logging.FileHandler (bench/logging-sync-file.properties):
# GET /users/{id} over a hot set of 1,000 ids with the cache on (L1 hits: the cheapest request, where
# the cost of logging shows most). Goal: asynchronous within 5% of off.
#
# Each point is a fresh JVM, and on this 2-core machine two JVMs of the same build differ by up to ~10%
# in req/s. So the three points run in --rounds rounds, each round in another order (off async sync,
# async sync off, sync off async, …), and the verdict uses the median of each point over the rounds.

log_load_before=$(uptime | sed 's/.*load average: //')
rounds=${rounds:-3}
hot_ids

log_point() { # $1 label, $2 round, $3 JVM options, rest: service environment; sets point_rps
  local label=$1 round=$2 opts=$3; shift 3
  BENCH_JVM_OPTS="$opts" start_server "$label-$round" CELERIS_CACHE_ENABLED=true "$@"
  run_wrk "warm-$label-$round" bench/get-by-id.lua "$warmup" >/dev/null
  local result; result=$(run_wrk "$label-$round" bench/get-by-id.lua "$duration")
  record "get-by-id access-log=$label round $round c$connections" "$result"
  stop_server
  point_rps=$(awk '{print $1}' <<<"$result")
}

log_run() { # $1 label, $2 round
  case "$1" in
    off) log_point off "$2" "" CELERIS_ACCESS_LOG_ENABLED=false ;;
    async) log_point async "$2" "-Dio.celeris.bootstrap.logging.AsyncAccessLogHandler.file=$OUT/access-async.log" \
             CELERIS_ACCESS_LOG_ENABLED=true ;;
    sync) log_point sync "$2" "-Djava.util.logging.config.file=$OUT/logging-sync-file.properties" \
            CELERIS_ACCESS_LOG_ENABLED=true ;;
  esac
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Signed change of a against b in percent: -2.8 means 2.8% fewer requests per second.
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }'; }

rm -f "$OUT"/access-*.log*
# FileHandler reads its pattern from the logging configuration, not from system properties.
{ cat bench/logging-sync-file.properties; echo "java.util.logging.FileHandler.pattern=$PWD/$OUT/access-sync.log"; } \
  > "$OUT/logging-sync-file.properties"
order=(off async sync)
all_off=() all_async=() all_sync=() per_round=()
for round in $(seq 1 "$rounds"); do
  declare -A got=()
  for i in 0 1 2; do
    label=${order[$(( (i + round - 1) % 3 ))]}
    log_run "$label" "$round"
    got[$label]=$point_rps
  done
  all_off+=("${got[off]}") all_async+=("${got[async]}") all_sync+=("${got[sync]}")
  per_round+=("$(change "${got[async]}" "${got[off]}")")
  unset got
done

async_lines=$(cat "$OUT"/access-async.log* 2>/dev/null | wc -l || true)
sync_lines=$(cat "$OUT"/access-sync.log* 2>/dev/null | wc -l || true)
off=$(echo "${all_off[*]}" | median); async=$(echo "${all_async[*]}" | median); sync=$(echo "${all_sync[*]}" | median)
async_pct=$(change "$async" "$off"); sync_pct=$(change "$sync" "$off")
echo "bench: medians over $rounds rounds: off $off, async $async, sync $sync req/s"
echo "bench: throughput with the async access log ${async_pct}% vs off (goal: no worse than -5%); synchronous file ${sync_pct}%"
echo "bench: async vs off round by round: ${per_round[*]} (%)"
echo "bench: lines written (warm-up included): async $async_lines, sync $sync_lines"
note="medians of $rounds rounds (each round its own order): throughput with async access log ${async_pct}% vs off (goal >= -5%), synchronous FileHandler ${sync_pct}%; async vs off per round ${per_round[*]} %; lines on disk async $async_lines / sync $sync_lines (warm-up included); $users users, L1 hits, wrk -t$threads -c$connections -d$duration; load average before: $log_load_before"
