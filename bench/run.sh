#!/usr/bin/env bash
# Celeris benchmark harness. Creates a fresh PostgreSQL database, lets the service migrate it, seeds N
# users with bench/Seed.java (one COPY), starts the built service with the scenario's settings, runs wrk
# and appends the results to bench/RESULTS.md.
#
#   ./celeris bench get-by-id [--users N] [--duration 20s] [--warmup 10s] [--connections 64] [--threads 2] [--set KEY=VALUE]...
#   ./celeris bench depth     [--users N] [--duration 10s] [--warmup 10s] [--url-warmup 3s] [--set KEY=VALUE]...
#   ./celeris bench startup   [--rounds 5] [--users N] [--duration 20s] [--warmup 10s] (bench/startup.sh)
#   ./celeris bench compare --baseline REF [--users 1000000] [--duration 10s] [--warmup 30s] [--settle 60s] [--rounds 2] (bench/compare.sh)
#   ./celeris bench cluster [--users N] [--duration 10s] [--warmup 5s] [--rounds 2] (bench/cluster.sh)
#
# --set passes a setting to the service as an environment variable (README's table), e.g.
# --set DATABASE_POOL_MAX_SIZE=4; repeatable.
#
# Scenario get-by-id: GET /users/{id} over a hot set of 1,000 ids with the cache on, the same with the
# cache off, and the ceiling route (/bench/ceiling), all in one run; prints the ratios.
# Scenario depth: the latency of one page of 20 (wrk, 1 connection) at depths 0, 50% and 99% of the
# table, read by offset and by cursor, sorted by created_at and by name; then the req/s of first pages
# (--connections, --threads). Writes bench/out/depth.tsv and draws bench/depth-latency.svg from it.
# Needs: wrk (apt-get install wrk), psql, PostgreSQL on 127.0.0.1:5432 (CELERIS_BENCH_PG_* to change).
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="./celeris bench $*"
scenario=${1:-get-by-id}; shift || true
users= duration= connections=64 threads=2 warmup= url_warmup=3s rounds= baseline= writes_per_second= points= current_ref=
settle= starts=
settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --url-warmup) url_warmup=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --writes-per-second) writes_per_second=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    --current) current_ref=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    --set) settings+=("$2"); shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$scenario" in
  get-by-id) duration=${duration:-20s} ;;
  depth|pool) duration=${duration:-10s} ;;
  cache|logging|startup) duration=${duration:-20s} ;;
  pages) duration=${duration:-15s} ;;
  pgbouncer) duration=${duration:-10s} ;;
  cluster) duration=${duration:-10s} warmup=${warmup:-5s} ;;
  compare) duration=${duration:-10s} warmup=${warmup:-30s} users=${users:-1000000} ;;
  *) echo "bench: unknown scenario $scenario (known: get-by-id, cache, cluster, compare, depth, logging, pages, pgbouncer, pool, startup)" >&2; exit 2 ;;
esac
users=${users:-100000} warmup=${warmup:-10s}

command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "bench: psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
: "${JAVA_HOME:?run through ./celeris bench}"
JAVA="$JAVA_HOME/bin/java"

PG_HOST=${CELERIS_BENCH_PG_HOST:-127.0.0.1} PG_PORT=${CELERIS_BENCH_PG_PORT:-5432} PG_USER=${CELERIS_BENCH_PG_USER:-postgres}
# compare's database is celeris_bench (`bench interleave` and `./celeris seed` use it too); every other scenario has one
# of its own, so that running one (e.g. startup with --users 10000) does not re-seed what the next interleave reads.
DB=${CELERIS_BENCH_DB:-$([ "$scenario" = compare ] && echo celeris_bench || echo "celeris_bench_${scenario//-/_}")}
DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
PORT=${CELERIS_BENCH_PORT:-8089}
BASE="http://127.0.0.1:$PORT"
OUT=bench/out; mkdir -p "$OUT"
JAR=bootstrap/target/bootstrap.jar
psqlc() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

# The commit measured; files the harness itself writes do not make it dirty.
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/RESULTS.md' ':!bench/depth-latency.svg' || echo "+dirty")
stamp=$(date -u +%Y-%m-%dT%H:%MZ)

# One harness at a time per database: another run would drop it under this one (several worktrees share
# the machine). The lock goes with the process.
exec 9>"/tmp/celeris-bench-$DB.lock"
if ! flock -n 9; then
  echo "bench: another benchmark is using database $DB; waiting for it (CELERIS_BENCH_DB=… picks another)" >&2
  flock 9
fi

echo "bench: building"; ./mvnw -B -q -DskipTests package

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
SAMPLER_PID=
cleanup() { stop_server; [ -z "$SAMPLER_PID" ] || kill "$SAMPLER_PID" 2>/dev/null || true; }
trap cleanup EXIT

start_server() { # $1 = label, rest = extra env assignments
  local label=$1; shift
  env SERVER_PORT=$PORT DATABASE_URL="$DB_URL" DATABASE_USER="$PG_USER" \
      CELERIS_BENCH_CEILING_ROUTE=true CELERIS_DEMO_USERS=0 ${settings[@]+"${settings[@]}"} "$@" \
      "$JAVA" -Xms512m -Xmx512m ${BENCH_JVM_OPTS:-} -jar "$JAR" > "$OUT/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do
    curl -fs "$BASE/bench/ceiling" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$label.log"; exit 1; }
    sleep 0.5
  done
  echo "bench: server did not come up" >&2; cat "$OUT/server-$label.log"; exit 1
}

# Start to first answer: $JAR started as ./celeris run starts it (./celeris run-jar: its JVM options and AOT cache),
# timed from just before the exec to the first 200 on GET /users?limit=1 (curl every 5 ms), with the JVM's CPU time
# (utime + stime) and minor page faults at that moment; then stopped (a recording start writes its AOT cache then)
# -> "ms cpu_ms faults".
first_answer() { # $1 = label, $2 = auto|off (CELERIS_AOT), rest = env assignments; prints ms, JVM CPU ms, minor faults
  local label=$1 aot=$2; shift 2
  local t0 pid ms cpu hz
  hz=$(getconf CLK_TCK)
  if curl -s -o /dev/null "$BASE/"; then echo "bench: port $PORT is taken" >&2; exit 1; fi
  t0=$(date +%s%N)
  env SERVER_PORT=$PORT CELERIS_AOT="$aot" ${settings[@]+"${settings[@]}"} "$@" \
    ./celeris run-jar "$JAR" > "$OUT/startup-$label.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "$BASE/users?limit=1"; do
    kill -0 "$pid" 2>/dev/null || { cat "$OUT/startup-$label.log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  read -r cpu faults <<<"$(awk -v hz="$hz" '{ printf "%d %d", ($14 + $15) * 1000 / hz, $10 }' "/proc/$pid/stat")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $cpu $faults"
}

echo "bench: fresh database $DB"
psqlc -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
# Every scenario but pool: the database migrated by the service itself (Flyway at start), then N users in one
# COPY. pool.sh seeds its own.
seed_secs=
case "$scenario" in
  get-by-id|depth|cache|logging|pages|pgbouncer|compare|cluster|startup)
    start_server migrate
    stop_server
    echo "bench: seeding $users users"
    "$JAVA" -cp "bootstrap/target/libs/*" bench/Seed.java --users "$users" --database-url "$DB_URL" --user "$PG_USER" \
      | tee "$OUT/seed.log"
    seed_secs=$(awk '/rows loaded into users in/ { print $(NF-1) }' "$OUT/seed.log")
    ;;
esac

# A hot set of 1,000 random ids for get-by-id.lua.
hot_ids() {
  psqlc -d "$DB" -At -c "SELECT id FROM users ORDER BY random() LIMIT 1000" \
    | awk 'BEGIN { print "return {" } { printf "\"%s\",\n", $1 } END { print "}" }' > "$OUT/ids.lua"
}

# wrk run -> "req/s p50 p99 errors"
run_wrk() { # $1 = label, $2 = lua script, $3 = duration
  local log="$OUT/wrk-$1.txt"
  wrk -t"$threads" -c"$connections" -d"$3" --latency -s "$2" "$BASE" > "$log"
  awk '
    /Requests\/sec:/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF }
    /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }' "$log"
}

# One URL, one connection -> "p50_ms p99_ms mean_ms requests errors" (wrk's us/ms/s turned into ms)
run_wrk_url() { # $1 = label, $2 = duration, $3 = URL
  local log="$OUT/wrk-$1.txt"
  wrk -t1 -c1 -d"$2" --timeout 60s --latency "$3" > "$log"
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^ +Latency +[0-9]/ { mean=ms($2) }
    /^ +50%/ { p50=ms($2) } /^ +99%/ { p99=ms($2) }
    / requests in / { n=$1 }
    /Non-2xx or 3xx responses:/ { err+=$NF }
    /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%.4f %.4f %.4f %d %d\n", p50, p99, mean, n, err+0 }' "$log"
}

# Prints every 2 s the CPU (% of one core) that Java processes other than the service used since the last line.
sample_foreign_cpu() {
  local prev="" cur hz first=1; hz=$(getconf CLK_TCK)
  while :; do
    cur=$(for p in $(pgrep -x java); do
      [ "$p" = "$SERVER_PID" ] || awk -v p="$p" '{ print p, $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true
    done)
    [ -n "$first" ] || awk -v hz="$hz" 'NR == FNR { was[$1] = $2; next } ($1 in was) { d += $2 - was[$1] }
                                       END { printf "%.0f\n", 100 * d / hz / 2 }' <(echo "$prev") <(echo "$cur")
    prev=$cur first=
    sleep 2
  done
}

# wrk's durations in seconds: 10s -> 10, 2m -> 120
secs_of() { case "$1" in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }

# 1234567 -> 1,234,567
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

# 0.0123 -> "0.012 ms", 12.34 -> "12.3 ms": three significant figures
fmt_ms() { awk -v v="$1" 'BEGIN { f = v < 1 ? "%.3f" : v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f"; printf f " ms", v }'; }

results=()
record() { # scenario, "rps p50 p99 errors"
  read -r rps p50 p99 err <<<"$2"
  results+=("| $stamp | $commit | $1 | $rps | $p50 | $p99 | $err |")
  printf 'bench: %-32s %10s req/s  p50 %-8s p99 %-8s errors %s\n' "$1" "$rps" "$p50" "$p99" "$err"
}
table_head="| date | commit | scenario | req/s | p50 | p99 | errors |
|---|---|---|---|---|---|---|"
extra=

case "$scenario" in
  get-by-id)
    hot_ids
    start_server cache-on CELERIS_CACHE_ENABLED=true
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
  cache) . bench/cache.sh ;;
  pages) . bench/pages.sh ;;
  pgbouncer) . bench/pgbouncer.sh ;;
  cluster) . bench/cluster.sh ;;
  compare) . bench/compare.sh ;;
  logging) . bench/logging.sh ;;
  startup) . bench/startup.sh ;;
  depth)
    size=20 step=1000 pcts=(0 50 99) sorts=(created_at name) min_samples=20 max_secs=120
    # Offsets as deep as the table, pages of $step to walk it, no cache (first pages would be cached, and
    # keep the service's work the same in every run), no access log (this measures paging); a fixed
    # cursor key so cursors outlive a restart.
    start_server depth CELERIS_CACHE_ENABLED=false CELERIS_PAGING_MAX_OFFSET=100000000 \
      CELERIS_PAGING_MAX_LIMIT=$step CELERIS_CURSOR_SECRET=celeris-bench-depth-cursor-key-0001 \
      CELERIS_ACCESS_LOG_ENABLED=false
    # Offset pages skip the total (count=none): a COUNT(*) per page would measure something else.
    offset_extra="&count=none"
    if ! curl -fs "$BASE/users?page=1&size=1&count=none" >/dev/null; then
      offset_extra=""
      echo "bench: this build does not know count=none: offset pages include the total (a COUNT(*) each)" >&2
    fi
    depth_rows=()
    for p in "${pcts[@]}"; do depth_rows+=($(( users * p / 100 / size * size ))); done
    : > "$OUT/cursors.tsv"
    for s in "${sorts[@]}"; do
      echo "bench: walking sort=$s to depths ${depth_rows[*]} with pages of $step"
      "$JAVA" bench/Walk.java "$BASE" "$s" "$step" "$size" "${depth_rows[@]}" >> "$OUT/cursors.tsv"
    done
    # Every 2 s, how much CPU other Java processes (builds, tests, other services) take from the 2 cores.
    sample_foreign_cpu > "$OUT/foreign-cpu-depth.txt" 2>/dev/null &
    SAMPLER_PID=$!
    echo "bench: JIT warm-up, first cursor pages, $warmup"
    wrk -t"$threads" -c"$connections" -d"$warmup" "$BASE/users?limit=$size&sort=created_at" > "$OUT/wrk-warm-depth.txt"

    tsv="$OUT/depth.tsv"
    {
      printf '# users\t%s\n# commit\t%s\n# date\t%s\n# size\t%s\n' "$users" "$commit" "$stamp" "$size"
      printf 'sort\tmode\tdepth_pct\tdepth_rows\tp50_ms\tp99_ms\tmean_ms\trequests\terrors\n'
    } > "$tsv"
    rows_md=() errors=0
    for s in "${sorts[@]}"; do
      for i in "${!pcts[@]}"; do
        p=${pcts[$i]} d=${depth_rows[$i]}
        c=$(awk -v s="$s" -v d="$d" '$1 == s && $2 == d { print $3 }' "$OUT/cursors.tsv")
        for mode in offset cursor; do
          if [ "$mode" = offset ]; then
            url="$BASE/users?page=$(( d / size + 1 ))&size=$size&sort=$s$offset_extra"
          else
            url="$BASE/users?limit=$size&sort=$s$([ "$c" = - ] || echo "&cursor=$c")"
          fi
          label="depth-$s-$mode-$p"
          # Warm up with whole requests: a request wrk abandons at its deadline keeps PostgreSQL busy into the
          # next run. The warm-up's pace stretches the run so that even a slow page gets $min_samples samples.
          warm_n=0 warm_from=$(date +%s%N)
          warm_until=$(( $(date +%s) + $(secs_of "$url_warmup") ))
          while [ "$warm_n" -lt 1 ] || [ "$(date +%s)" -lt "$warm_until" ]; do
            curl -fsS -o /dev/null "$url"; warm_n=$(( warm_n + 1 ))
          done
          per_request_ms=$(( ($(date +%s%N) - warm_from) / 1000000 / warm_n ))
          run_secs=$(secs_of "$duration")
          need_secs=$(( (per_request_ms * min_samples * 12 / 10 + 999) / 1000 ))
          [ "$need_secs" -le "$run_secs" ] || run_secs=$(( need_secs < max_secs ? need_secs : max_secs ))
          read -r p50 p99 mean n err <<<"$(run_wrk_url "$label" "${run_secs}s" "$url")"
          errors=$(( errors + err ))
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$mode" "$p" "$d" "$p50" "$p99" "$mean" "$n" "$err" >> "$tsv"
          depth_label="$p% ($(thousands "$d"))"
          rows_md+=("| $stamp | $commit | $s | $mode | $depth_label | $(fmt_ms "$p50") | $(fmt_ms "$p99") | $(fmt_ms "$mean") | $n in ${run_secs} s |")
          printf 'bench: %-10s %-6s depth %-15s p50 %-10s p99 %-10s mean %-10s (%s requests, %s errors)\n' \
            "$s" "$mode" "$depth_label" "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" "$(fmt_ms "$mean")" "$n" "$err"
        done
      done
    done

    connections_label="c$connections"
    first=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$BASE/users?limit=$size&sort=created_at" \
      | tee "$OUT/wrk-depth-first-page.txt" \
      | awk '/Requests\/sec:/ { rps=$2 } /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
             /Non-2xx or 3xx responses:/ { err+=$NF } END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }')
    read -r first_rps first_p50 first_p99 first_err <<<"$first"
    errors=$(( errors + first_err ))
    echo "bench: first cursor pages (limit=$size, sort=created_at) wrk -t$threads -c$connections: $first_rps req/s, p50 $first_p50, p99 $first_p99, errors $first_err"
    kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
    busy=$(awk '{ sum += $1; if ($1 > max) max = $1 } END { printf "%.0f%% of a core on average, at most %d%%", NR ? sum / NR : 0, max }' "$OUT/foreign-cpu-depth.txt")
    echo "bench: other Java processes took $busy during the measurements"
    stop_server

    # cursor/offset p50 at the deepest point over p50 at depth 0, per sort
    ratios=$(awk -F'\t' -v last="${pcts[-1]}" '
      /^#/ || $1 == "sort" { next }
      $3 == 0 { base[$1 " " $2] = $5 } $3 == last { deep[$1 " " $2] = $5 }
      END {
        n = split("cursor created_at|cursor name|offset created_at|offset name", keys, "|")
        for (i = 1; i <= n; i++) {
          split(keys[i], k, " "); key = k[2] " " k[1]
          printf "%s%s sort=%s %.2fx", (i > 1 ? "; " : ""), k[1], k[2], deep[key] / base[key]
        }
      }' "$tsv")
    echo "bench: p50 at ${pcts[-1]}% / p50 at depth 0: $ratios (goal for cursor: <= 1.5x)"

    # The plans PostgreSQL picks for the SQL the repository sends, twice: as a one-off statement with
    # literals, and as a prepared statement on its 7th execution. The second is what the service runs in
    # steady state: pgjdbc switches a pooled connection to a server-side prepared statement after 5 uses
    # (prepareThreshold), and PostgreSQL may then settle on a generic plan that knows no OFFSET value.
    plans="$OUT/depth-plans.txt"; : > "$plans"
    plan_summary=()
    cols="id, email, name, created_at, updated_at, version, last_login_at" # UserSql.COLUMNS
    scan_of() { grep -m1 -oE '(Index Only Scan|Index Scan|Seq Scan|Bitmap Heap Scan)( Backward)?( using [a-z_]+)?' "$1" || echo "?"; }
    for s in "${sorts[@]}"; do
      [ "$s" = created_at ] && key_type=timestamptz || key_type=varchar
      for i in "${!pcts[@]}"; do
        d=${depth_rows[$i]}
        key=(); [ "$d" -eq 0 ] || mapfile -t key < <(psqlc -d "$DB" -At \
          -c "SELECT quote_literal($s) FROM users ORDER BY $s, id OFFSET $(( d - 1 )) LIMIT 1" \
          -c "SELECT quote_literal(id) FROM users ORDER BY $s, id OFFSET $(( d - 1 )) LIMIT 1")
        for mode in offset cursor; do
          order="ORDER BY $s ASC, id ASC"
          if [ "$mode" = offset ]; then
            literal="SELECT $cols FROM users $order LIMIT $size OFFSET $d"
            types="int, bigint" prepared="SELECT $cols FROM users $order LIMIT \$1 OFFSET \$2" args="$size, $d"
          elif [ "$d" -eq 0 ]; then
            literal="SELECT $cols FROM users $order LIMIT $(( size + 1 ))"
            types="int" prepared="SELECT $cols FROM users $order LIMIT \$1" args="$(( size + 1 ))"
          else
            literal="SELECT $cols FROM users WHERE ($s, id) > (${key[0]}, CAST(${key[1]} AS UUID)) $order LIMIT $(( size + 1 ))"
            types="$key_type, varchar, int"
            prepared="SELECT $cols FROM users WHERE ($s, id) > (\$1, CAST(\$2 AS UUID)) $order LIMIT \$3"
            args="${key[0]}, ${key[1]}, $(( size + 1 ))"
          fi
          psqlc -d "$DB" -At -c "EXPLAIN (ANALYZE, BUFFERS) $literal" > "$OUT/plan-once.txt"
          {
            echo "PREPARE q($types) AS $prepared;"; echo '\o /dev/null'
            for _ in 1 2 3 4 5 6; do echo "EXECUTE q($args);"; done
            echo '\o'; echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE q($args);"
          } | psqlc -d "$DB" -At -f - > "$OUT/plan-prepared.txt"
          {
            echo "-- $s $mode depth $d, one-off: $literal"; cat "$OUT/plan-once.txt"; echo
            echo "-- $s $mode depth $d, prepared, 7th execution: $prepared with ($args)"; cat "$OUT/plan-prepared.txt"; echo
          } >> "$plans"
          once_ms=$(awk '/Execution Time/ { print $3 }' "$OUT/plan-once.txt")
          prep_ms=$(awk '/Execution Time/ { print $3 }' "$OUT/plan-prepared.txt")
          plan_summary+=("| $s | $mode | ${pcts[$i]}% | $(scan_of "$OUT/plan-prepared.txt") | $prep_ms ms | $(scan_of "$OUT/plan-once.txt") | $once_ms ms |")
        done
      done
    done
    rm -f "$OUT/plan-once.txt" "$OUT/plan-prepared.txt"
    echo "bench: plans, prepared (7th execution) then one-off (bench/out/depth-plans.txt):"
    printf '  %s\n' "${plan_summary[@]}" | tr -d '|'

    "$JAVA" bench/Chart.java "$tsv" bench/depth-latency.svg
    echo "bench: drew bench/depth-latency.svg"

    [ "$errors" -eq 0 ] || echo "bench: WARNING: $errors failed requests (see $OUT/wrk-depth-*.txt)" >&2
    note="$(thousands "$users") users; one page of $size; wrk -t1 -c1 per URL for $duration (longer when needed for $min_samples requests) after $url_warmup of sequential requests"
    note+="${settings[*]+; settings ${settings[*]}}"
    table_head="| date | commit | sort | mode | depth | p50 | p99 | mean | requests |
|---|---|---|---|---|---|---|---|---|"
    results=("${rows_md[@]}")
    extra=$(
      echo
      echo "Seeding: $(thousands "$users") users in ${seed_secs} s (\`bench/Seed.java\`, one COPY, indexes rebuilt, VACUUM ANALYZE)."
      [ -n "$offset_extra" ] || echo "Offset pages included the total (this build had no \`count=none\`)."
      echo "p50 at ${pcts[-1]}% / p50 at depth 0: $ratios (goal for cursor: <= 1.5x)."
      echo "Depth 0 by cursor is the first page (no cursor). Failed requests: $errors. Other Java processes on the machine (builds, tests, services) took $busy (sampled every 2 s) during the measurements."
      echo "First cursor pages, \`/users?limit=$size&sort=created_at\`, wrk -t$threads -c$connections -d$duration: $first_rps req/s, p50 $first_p50, p99 $first_p99, errors $first_err."
      echo
      echo "Plans: EXPLAIN ANALYZE in psql of the SQL the repository sends, as a prepared statement on its 7th execution (what a pooled connection runs once pgjdbc server-prepares it) and as a one-off statement with literals (\`bench/out/depth-plans.txt\`):"
      echo
      echo "| sort | mode | depth | plan, prepared | execution | plan, one-off | execution |"
      echo "|---|---|---|---|---|---|---|"
      printf '%s\n' "${plan_summary[@]}"
    )
    ;;
  *) echo "bench: unknown scenario $scenario (known: get-by-id, cache, depth, pool)" >&2; exit 2 ;;
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
  echo "$table_head"
  printf '%s\n' "${results[@]}"
  [ -z "$extra" ] || echo "$extra"
} >> bench/RESULTS.md
echo "bench: appended to bench/RESULTS.md"
