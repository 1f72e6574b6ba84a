# Sourced by bench/run.sh (scenario startup): how long the service takes from exec to its first answered request,
# with and without the AOT cache, on H2 defaults and on PostgreSQL with Redis; then its RSS after a get-by-id load
# with ./celeris run's default JVM options against other options, in one run.
#
# Start: each start is `./celeris run-jar` (what ./celeris run does once the jar is built: JVM options, AOT cache),
# timed from just before the exec to the first 200 on GET /users?limit=1 (curl every 5 ms), with the JVM's CPU time
# (utime + stime) at that moment. Per configuration: the AOT cache removed, one recording start (the first start of
# a new build), then --rounds pairs, without the cache (CELERIS_AOT=off) then with it.
#   h2        embedded defaults: H2 in memory, 10,000 demo users, in-process cache; with the AOT cache the recording
#             start also saves the database image that later starts restore instead of loading the users
#             (celeris.demo.image; without the AOT cache there is no image either)
#   pg-redis  the benchmark's PostgreSQL database (migrated, seeded) and REDIS_URL (CELERIS_BENCH_REDIS_URL), under a
#             key prefix of its own
# Options: the start again, with ./celeris run's options and with the other set below, in alternating pairs: median ms,
# JVM CPU and minor page faults (first touches of a page) at the first answer.
# Memory: for each JVM options set (./celeris run's defaults, then CELERIS_BENCH_OTHER_OPTS, default the previous
# defaults "-Xms256m -Xmx512m"), on PostgreSQL with the cache on and the AOT cache: get-by-id.lua warm-up and
# measurement as in get-by-id, then VmRSS and VmHWM from /proc; two rounds, in alternating order.
runs=${rounds:-5}
redis_url=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
run_opts=${CELERIS_DEFAULT_JAVA_OPTS:?run through ./celeris bench}
other_opts=${CELERIS_BENCH_OTHER_OPTS:--Xms256m -Xmx512m}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# "median min max" of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'; }

prefix="celeris-bench-startup-$$:"
pg_env=(DATABASE_URL="$DB_URL" DATABASE_USER="$PG_USER" REDIS_URL="$redis_url" REDIS_KEY_PREFIX="$prefix")
: > "$OUT/startup.tsv"
for config in h2 pg-redis; do
  envs=()
  [ "$config" = h2 ] || envs=("${pg_env[@]}")
  rm -rf "$(dirname "$JAR")/aot"
  read -r ms cpu _ <<<"$(first_answer "$config-record" auto ${envs[@]+"${envs[@]}"})"
  [ -n "$ms" ] || exit 1
  printf '%s\trecord\t%s\t%s\n' "$config" "$ms" "$cpu" >> "$OUT/startup.tsv"
  echo "bench: $config, first start (records the AOT cache): $ms ms, JVM CPU $cpu ms"
  ls "$(dirname "$JAR")"/aot/*.aot >/dev/null 2>&1 || { echo "bench: the recording start left no AOT cache" >&2; exit 1; }
  for i in $(seq 1 "$runs"); do
    for aot in off auto; do
      read -r ms cpu _ <<<"$(first_answer "$config-$aot-$i" "$aot" ${envs[@]+"${envs[@]}"})"
      [ -n "$ms" ] || exit 1
      printf '%s\t%s\t%s\t%s\n' "$config" "$aot" "$ms" "$cpu" >> "$OUT/startup.tsv"
      echo "bench: $config, AOT $aot, start $i: $ms ms, JVM CPU $cpu ms"
    done
  done
done

# The start with ./celeris run's options against the other options (both with the AOT cache, each its own): per
# configuration one recording start for each, then pairs in alternating order.
: > "$OUT/startup-options.tsv"
for config in h2 pg-redis; do
  envs=()
  [ "$config" = h2 ] || envs=("${pg_env[@]}")
  # Both recorded again: the loop above removed the caches of the other configuration.
  rm -rf "$(dirname "$JAR")/aot"
  CELERIS_JAVA_OPTS="$run_opts" first_answer "$config-run-record" auto ${envs[@]+"${envs[@]}"} > /dev/null
  CELERIS_JAVA_OPTS="$other_opts" first_answer "$config-other-record" auto ${envs[@]+"${envs[@]}"} > /dev/null
  for i in $(seq 1 "$runs"); do
    order=(run other)
    [ $((i % 2)) -eq 1 ] || order=(other run)
    for which in "${order[@]}"; do
      opts=$run_opts
      [ "$which" = run ] || opts=$other_opts
      read -r ms cpu faults <<<"$(CELERIS_JAVA_OPTS="$opts" first_answer "$config-$which-$i" auto ${envs[@]+"${envs[@]}"})"
      [ -n "$ms" ] || exit 1
      printf '%s\t%s\t%s\t%s\t%s\n' "$config" "$which" "$ms" "$cpu" "$faults" >> "$OUT/startup-options.tsv"
      echo "bench: $config, $which options, start $i: $ms ms, JVM CPU $cpu ms, $faults minor page faults"
    done
  done
done
redis-cli -u "$redis_url" --scan --pattern "${prefix}*" 2>/dev/null | xargs -r redis-cli -u "$redis_url" unlink >/dev/null || true

options_md=()
for config in h2 pg-redis; do
  for which in run other; do
    read -r med lo hi <<<"$(awk -v c="$config" -v w="$which" '$1 == c && $2 == w { print $3 }' "$OUT/startup-options.tsv" | stats)"
    read -r cmed _ _ <<<"$(awk -v c="$config" -v w="$which" '$1 == c && $2 == w { print $4 }' "$OUT/startup-options.tsv" | stats)"
    read -r fmed _ _ <<<"$(awk -v c="$config" -v w="$which" '$1 == c && $2 == w { print $5 }' "$OUT/startup-options.tsv" | stats)"
    opts=$run_opts label=" (./celeris run)"
    [ "$which" = run ] || { opts=$other_opts; label=; }
    options_md+=("| $config | \`$opts\`$label | $med | $lo | $hi | $cmed | $fmed |")
    echo "bench: $config, $which options: median $med ms (min $lo, max $hi), JVM CPU median $cmed ms, minor faults median $fmed"
  done
done

starts_md=()
for config in h2 pg-redis; do
  read -r rec_ms rec_cpu <<<"$(awk -v c="$config" '$1 == c && $2 == "record" { print $3, $4 }' "$OUT/startup.tsv")"
  starts_md+=("| $stamp | $commit | $config | first start, recording | $rec_ms | | | $rec_cpu |")
  for aot in off auto; do
    read -r med lo hi <<<"$(awk -v c="$config" -v a="$aot" '$1 == c && $2 == a { print $3 }' "$OUT/startup.tsv" | stats)"
    read -r cmed _ _ <<<"$(awk -v c="$config" -v a="$aot" '$1 == c && $2 == a { print $4 }' "$OUT/startup.tsv" | stats)"
    label=$([ "$aot" = off ] && echo "without AOT cache" || echo "AOT cache")
    starts_md+=("| $stamp | $commit | $config | $label | $med | $lo | $hi | $cmed |")
    echo "bench: $config, $label: median $med ms (min $lo, max $hi), JVM CPU median $cmed ms over $runs starts"
  done
done

# Memory and throughput after get-by-id, per options set; the AOT cache of each recorded first (not measured).
hot_ids
mem_md=()
: > "$OUT/startup-memory.tsv"
for opts in "$run_opts" "$other_opts"; do
  CELERIS_JAVA_OPTS="$opts" first_answer "memory-record" auto "${pg_env[@]}" >/dev/null
done
for round in 1 2; do
  order=("$run_opts" "$other_opts")
  [ $((round % 2)) -eq 1 ] || order=("$other_opts" "$run_opts")
  for opts in "${order[@]}"; do
    env SERVER_PORT=$PORT CELERIS_JAVA_OPTS="$opts" CELERIS_AOT=auto ${settings[@]+"${settings[@]}"} "${pg_env[@]}" \
      ./celeris run-jar "$JAR" > "$OUT/startup-memory.log" 2>&1 &
    SERVER_PID=$!
    until curl -fs -o /dev/null "$BASE/users?limit=1"; do
      kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/startup-memory.log" >&2; exit 1; }
      sleep 0.05
    done
    run_wrk warm-memory bench/get-by-id.lua "$warmup" >/dev/null
    read -r rps p50 p99 err <<<"$(run_wrk memory bench/get-by-id.lua "$duration")"
    rss=$(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
    hwm=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
    stop_server
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$opts" "$rps" "$p99" "$rss" "$hwm" >> "$OUT/startup-memory.tsv"
    echo "bench: round $round, $opts: $rps req/s, p99 $p99, errors $err; RSS $rss MB, peak $hwm MB"
    which=""
    [ "$opts" != "$run_opts" ] || which=" (./celeris run)"
    mem_md+=("| $round | \`$opts\`$which | $rps | $p99 | $err | $rss MB | $hwm MB |")
  done
done
redis-cli -u "$redis_url" --scan --pattern "${prefix}*" 2>/dev/null | xargs -r redis-cli -u "$redis_url" unlink >/dev/null || true
ratio=$(awk -F'\t' -v a="$run_opts" -v b="$other_opts" '$2 == a { x += $3; n++ } $2 == b { y += $3; m++ }
        END { printf "%.2f", (x / n) / (y / m) }' "$OUT/startup-memory.tsv")
echo "bench: req/s with ./celeris run's options / with $other_opts: ${ratio}x"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

note="start to first answered GET /users?limit=1 through ./celeris run-jar, $runs starts per row; load average $load_before before, $load_after after"
table_head="| date | commit | configuration | start | median ms | min ms | max ms | JVM CPU ms (median) |
|---|---|---|---|---|---|---|---|"
results=("${starts_md[@]}")
extra=$(
  echo
  echo "Start with ./celeris run's options against the others (AOT cache on, each options set its own; $runs starts each, pairs in alternating order):"
  echo
  echo "| configuration | JVM options | median ms | min ms | max ms | JVM CPU ms (median) | minor page faults (median) |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${options_md[@]}"
  echo
  echo "Memory after get-by-id (PostgreSQL, $users users, hot set of 1,000 ids, cache on, AOT cache on; wrk -t$threads -c$connections, $warmup warm-up, $duration measured), per JVM options set; req/s ./celeris run's options / the others: ${ratio}x."
  echo
  echo "| round | JVM options | req/s | p99 | errors | RSS | peak RSS |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${mem_md[@]}"
)
