# Scenario `compare` of bench/run.sh (sourced by it: uses its settings, start_server, stop_server, hot_ids).
#
#   ./celeris bench compare --baseline REF [--users 1000000] [--duration 10s] [--warmup 30s] [--rounds 2]
#                           [--connections 64] [--threads 2] [--writes-per-second 50] [--points a,b,...]
#                           [--current REF] [--settle 60s] [--starts 3]
#
# A regression guard: builds REF (any git revision) in a temporary git worktree (its own target
# directories, `-DskipTests package`) next to the current tree (built by run.sh), on the one database
# run.sh seeded, then measures both jars in the same run, alternating: in every round, every point
# runs on both jars, the baseline first in odd rounds and the current tree first in even ones (the jar measured
# second read ~5% slower on some points with nothing different: an even number of rounds cancels the order). Points (each: a fresh JVM per jar and configuration,
# a wrk warm-up, then a measured wrk run):
#   ceiling         GET /bench/ceiling, the HTTP stack doing no work
#   l1-hit          GET /users/{id} over the hot set of 1,000 ids (L1 hits)
#   l1-hit-nolog    the same with CELERIS_ACCESS_LOG_ENABLED=false: what the access log costs an L1 hit
#   random-ids      GET /users/{id} over random ids, half the table up to 500,000 (mostly the database,
#                   as long as the table is much larger than the L1, 100,000 by default)
#   random-ids-redis  the same with REDIS_URL (CELERIS_BENCH_REDIS_URL, default redis://127.0.0.1:6379),
#                   a key prefix of its own per measurement, removed after it. Redis fills as the run goes on, so
#                   a share of the lookups hit (more on a faster machine or after a longer warm-up): the line of
#                   every Redis point shows the L2 hit share of its measured run (the service's cache counters)
#   random-ids-redis-miss  the same with REDIS_TTL=PT0.001S: every value stored expires at once, so every lookup
#                   misses: the miss path alone (lookup, database, store), whatever the machine's speed
#   keyset-80       GET /users?limit=20&sort=created_at&cursor=C, C at 80% of the table (found per jar by
#                   bench/Walk.java), with CELERIS_CACHE_PAGES_ENABLED=false: an uncached keyset page
#   offset-total    GET /users?page=1&size=20&sort=name&count=exact, the first offset page with its exact total
#   offset-total-writes  the same while bench/Writer.java creates and deletes users at --writes-per-second
#                   (through warm-up and measurement; the table keeps its size)
#   start-h2        start to the first answered request on embedded defaults (H2, 10,000 demo users), --starts
#                   starts per round (default 3) through ./celeris run-jar, the AOT cache recorded first
#   start-pg-redis  the same on this run's PostgreSQL database with REDIS_URL
# and the points of `bench cache` and `bench pages`, access log off as there (two tiers over Redis, own key prefix):
#   cache-l1, cache-l2, cache-off   GET /users/{id} over the hot set: L1 hits; L2 hits (an L1 of one entry);
#                   the cache switched off
#   pages-cursor, pages-offset      first pages (limit=20&sort=created_at; page=1&size=20&sort=name&count=exact)
#                   with the cache on; pages-cursor-off, pages-offset-off the same with the cache off
# --current REF measures REF, built in a worktree of its own, instead of the current tree (one commit against
# its parent, with this harness). --points measures only the points named (e.g. --points keyset-80,l1-hit: one lever, quickly).
# --settle: after --warmup, the warm-up goes on in 5 s steps while the JIT's compiler threads used more than 2% of a
# core in the last step, for at most this much longer (default 60s; 0s: the fixed warm-up alone). On 2 cores C2 was
# still compiling 25 s into a random-ids-redis warm-up, at 19-43 us of compiler CPU per request during the measured
# run, and the rounds where it was busiest were the slow ones; each point's line shows what was left (JIT us/request)
# and how long it warmed up.
# For each point: req/s and JVM CPU per request (utime + stime of the service from /proc/PID/stat before and
# after the measured run, over the requests wrk completed). Prints, and appends to RESULTS.md, per point the
# mean req/s of each jar over the rounds, the ratio current/baseline and the CPU per request.

[ -n "$baseline" ] || { echo "bench compare: --baseline REF is required" >&2; exit 2; }
baseline_commit=$(git rev-parse --short "$baseline^{commit}") || { echo "bench compare: no such revision $baseline" >&2; exit 2; }
compare_redis=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
compare_secret=celeris-bench-compare-cursor-key-01
compare_rounds=${rounds:-2}
writes_per_second=${writes_per_second:-50}
hz=$(getconf CLK_TCK)
compare_load_before=$(uptime | sed 's/.*load average: //')

# The baseline's own worktree and target directories; removed on exit with the rest. The current tree's
# jar is copied away first, so that a build in this worktree during the run does not change what is measured.
baseline_dir=$(mktemp -d /tmp/celeris-baseline.XXXXXX)
current_dir=$(mktemp -d /tmp/celeris-current.XXXXXX)
compare_cleanup() {
  git worktree remove --force "$baseline_dir" 2>/dev/null || rm -rf "$baseline_dir"
  git worktree prune 2>/dev/null || true
  rm -rf "$current_dir"
}
trap 'cleanup; compare_cleanup' EXIT
if [ -n "${current_ref:-}" ]; then
  commit=$(git rev-parse --short "$current_ref^{commit}") || { echo "bench compare: no such revision $current_ref" >&2; exit 2; }
  echo "bench compare: building current $current_ref ($commit) in $current_dir/tree"
  git worktree add -q --detach "$current_dir/tree" "$commit"
  (cd "$current_dir/tree" && ./mvnw -B -q -DskipTests package)
  cp -r "$current_dir/tree/bootstrap/target/bootstrap.jar" "$current_dir/tree/bootstrap/target/libs" "$current_dir/"
  compare_cleanup() {
    git worktree remove --force "$baseline_dir" 2>/dev/null || rm -rf "$baseline_dir"
    git worktree remove --force "$current_dir/tree" 2>/dev/null || true
    git worktree prune 2>/dev/null || true
    rm -rf "$current_dir"
  }
else
  cp -r bootstrap/target/bootstrap.jar bootstrap/target/libs "$current_dir/"
fi
echo "bench compare: building baseline $baseline ($baseline_commit) in $baseline_dir"
git worktree add -q --detach "$baseline_dir" "$baseline_commit"
(cd "$baseline_dir" && ./mvnw -B -q -DskipTests package)
jar_base="$baseline_dir/bootstrap/target/bootstrap.jar"
jar_new="$current_dir/bootstrap.jar"
# run.sh migrated the database with the current tree before seeding; the baseline migrates whatever it
# has that the current tree lacks (Flyway ignores migrations it does not know, newer than its own).
JAR=$jar_base; start_server compare-migrate-base; stop_server
[ -z "${current_ref:-}" ] || { JAR=$jar_new; start_server compare-migrate-new; stop_server; }

hot_ids
# Random ids: half the table, at most 500,000 (a Lua table per wrk thread).
psqlc -d "$DB" -At -c "SELECT id FROM users ORDER BY random() LIMIT LEAST($users / 2, 500000)" \
  | awk 'BEGIN { print "return {" } { printf "\"%s\",\n", $1 } END { print "}" }' > "$OUT/random-ids.lua"
keyset_depth=$(( users * 80 / 100 / 20 * 20 ))

: > "$OUT/compare.tsv"; : > "$OUT/compare-writes.tsv"
# wrk on a Lua script (a path ending in .lua, with optional script arguments) or on a path of the service;
# measures the service's CPU around it. -> appends "round jar point rps requests cpu_us_per_request p99 errors"
# to compare.tsv and prints it.
wanted() { # any of the points named is measured
  local p; for p in "$@"; do [ -z "$points" ] || [[ ",$points," == *",$p,"* ]] && return 0; done; return 1
}
settle_secs=$(secs_of "${settle:-60s}")
jit_ticks() { # CPU ticks (utime + stime) of the service's JIT compiler threads so far
  local t ticks=0
  for t in /proc/"$SERVER_PID"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*)
        ticks=$(( ticks + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null || echo 0) )) ;;
    esac
  done
  echo "$ticks"
}
compare_measure() { # $1 round, $2 jar label, $3 point, $4 target, rest: wrk script arguments
  local round=$1 jar=$2 point=$3 target=$4; shift 4
  wanted "$point" || return 0
  local log="$OUT/wrk-compare-$round-$jar-$point.txt" wrk_target
  if [[ "$target" == *.lua ]]; then wrk_target=(-s "$target" "$BASE" ${1+--} "$@"); else wrk_target=("$BASE$target"); fi
  wrk -t"$threads" -c"$connections" -d"$warmup" "${wrk_target[@]}" > "$OUT/wrk-compare-warm.txt"
  local warmed=$(secs_of "$warmup") jit_step jit_before
  while [ "$warmed" -lt $(( $(secs_of "$warmup") + settle_secs )) ]; do
    jit_before=$(jit_ticks)
    wrk -t"$threads" -c"$connections" -d5s "${wrk_target[@]}" > "$OUT/wrk-compare-warm.txt"
    warmed=$(( warmed + 5 ))
    jit_step=$(( $(jit_ticks) - jit_before ))
    # Settled once the compiler threads used at most 2% of a core over the 5 s: hz / 10 ticks.
    [ "$jit_step" -gt $(( hz / 10 )) ] || break
  done
  local before after jit_start jit_end l2_start l2_end
  l2_start=$(l2_counts)
  before=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  jit_start=$(jit_ticks)
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${wrk_target[@]}" > "$log"
  after=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  jit_end=$(jit_ticks)
  l2_end=$(l2_counts)
  local line l2_hits
  l2_hits=$(awk -v s="$l2_start" -v e="$l2_end" 'BEGIN { split(s, a, " "); split(e, b, " "); h = b[1] - a[1]; m = b[2] - a[2]
    if (h + m > 0) printf "%.0f%%", 100 * h / (h + m); else printf "-" }')
  line=$(awk -v r="$round" -v j="$jar" -v p="$point" -v ticks=$(( after - before )) -v hz="$hz" \
      -v jit=$(( jit_end - jit_start )) -v warmed="$warmed" -v l2="$l2_hits" '
    /Requests\/sec:/ { rps=$2 }
    / requests in / { n=$1 }
    /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF }
    /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s\t%s\t%s\t%s\t%d\t%.1f\t%s\t%d\t%.1f\t%d\t%s\n", r, j, p, rps, n, n ? 1e6 * ticks / hz / n : 0, p99,
            err+0, n ? 1e6 * jit / hz / n : 0, warmed, l2 }' "$log")
  echo "$line" >> "$OUT/compare.tsv"
  awk -F'\t' '{ printf "bench compare: round %s %-4s %-20s %10s req/s  %7s us CPU/request  p99 %-8s errors %s  (JIT %s us/request, warm-up %s s%s)\n", $1, $2, $3, $4, $6, $7, $8, $9, $10, $11 == "-" ? "" : ", L2 hits " $11 }' <<<"$line"
}
l2_counts() { # the service's user-cache L2 hits and misses so far, "hits misses" (0 0 without Redis)
  curl -fs "$BASE/observe/metrics" 2>/dev/null | awk '/^celeris_cache_l2_hits[{ ]/ { h = $NF } /^celeris_cache_l2_misses[{ ]/ { m = $NF }
    END { printf "%d %d", h, m }'
}

# Start to first answer (first_answer in run.sh: ./celeris run-jar, so the AOT cache as ./celeris run uses it):
# --starts starts per round, jar and configuration, after one unmeasured start per jar and configuration in the first
# round (it records the AOT cache when the jar has none for it). -> appends "round jar point ms cpu_ms" to
# compare-start.tsv and prints it.
compare_starts=${starts:-3}
start_prefix="celeris-bench-compare-start-$$:"
compare_start() { # $1 round, $2 jar label, $3 point, rest: env assignments
  local round=$1 jar=$2 point=$3; shift 3
  wanted "$point" || return 0
  local i ms cpu
  [ "$round" -gt 1 ] || first_answer "compare-$jar-$point-record" auto "$@" > /dev/null
  for i in $(seq 1 "$compare_starts"); do
    read -r ms cpu _ <<<"$(first_answer "compare-$jar-$point" auto "$@")"
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$jar" "$point" "$ms" "$cpu" >> "$OUT/compare-start.tsv"
    printf 'bench compare: round %s %-4s %-20s start %d: %5d ms to the first answer, JVM CPU %d ms\n' "$round" "$jar" "$point" "$i" "$ms" "$cpu"
  done
}

: > "$OUT/compare-start.tsv"
declare -A cursors=()
for round in $(seq 1 "$compare_rounds"); do
  echo "bench compare: round $round of $compare_rounds, load average $(uptime | sed 's/.*load average: //')"
  order="base new"; [ $(( round % 2 )) -eq 1 ] || order="new base"
  for jar in $order; do
    JAR=$([ "$jar" = base ] && echo "$jar_base" || echo "$jar_new")
    # Embedded defaults (H2 in memory, 10,000 demo users), then PostgreSQL (this run's database) with Redis.
    compare_start "$round" "$jar" start-h2
    compare_start "$round" "$jar" start-pg-redis DATABASE_URL="$DB_URL" DATABASE_USER="$PG_USER" \
      REDIS_URL="$compare_redis" REDIS_KEY_PREFIX="$start_prefix"
    if wanted ceiling l1-hit random-ids offset-total offset-total-writes; then
      start_server "compare-$jar-default" CELERIS_CURSOR_SECRET=$compare_secret
      compare_measure "$round" "$jar" ceiling bench/ceiling.lua
      compare_measure "$round" "$jar" l1-hit bench/get-by-id.lua
      compare_measure "$round" "$jar" random-ids bench/get-by-id.lua "$OUT/random-ids.lua"
      compare_measure "$round" "$jar" offset-total "/users?page=1&size=20&sort=name&count=exact"
      if wanted offset-total-writes; then
        # Through the longest warm-up the JIT may take (--settle): the writes must go on during the measured run.
        writer_secs=$(( $(secs_of "$warmup") + settle_secs + $(secs_of "$duration") + 1 ))
        "$JAVA" bench/Writer.java "$BASE" "$writes_per_second" "$writer_secs" > "$OUT/writer-$round-$jar.txt" 2>&1 &
        writer_pid=$!
        compare_measure "$round" "$jar" offset-total-writes "/users?page=1&size=20&sort=name&count=exact"
        wait "$writer_pid" || true
        echo "bench compare: writer: $(tail -n1 "$OUT/writer-$round-$jar.txt")"
        awk -v j="$jar" '/^writes / { printf "%s\t%s\t%s\n", j, $2, $6 }' "$OUT/writer-$round-$jar.txt" >> "$OUT/compare-writes.tsv"
      fi
      stop_server
    fi

    if wanted l1-hit-nolog; then
      start_server "compare-$jar-nolog" CELERIS_CURSOR_SECRET=$compare_secret CELERIS_ACCESS_LOG_ENABLED=false
      compare_measure "$round" "$jar" l1-hit-nolog bench/get-by-id.lua
      stop_server
    fi

    if wanted random-ids-redis; then
      prefix="celeris-bench-compare-$$-$round-$jar:"
      start_server "compare-$jar-redis" CELERIS_CURSOR_SECRET=$compare_secret REDIS_URL="$compare_redis" REDIS_KEY_PREFIX="$prefix"
      compare_measure "$round" "$jar" random-ids-redis bench/get-by-id.lua "$OUT/random-ids.lua"
      stop_server
      redis-cli -u "$compare_redis" --scan --pattern "${prefix}*" | xargs -r redis-cli -u "$compare_redis" unlink >/dev/null
    fi
    if wanted random-ids-redis-miss; then
      prefix="celeris-bench-compare-$$-$round-$jar-miss:"
      start_server "compare-$jar-redis-miss" CELERIS_CURSOR_SECRET=$compare_secret REDIS_URL="$compare_redis" \
        REDIS_KEY_PREFIX="$prefix" REDIS_TTL=PT0.001S
      compare_measure "$round" "$jar" random-ids-redis-miss bench/get-by-id.lua "$OUT/random-ids.lua"
      stop_server
      redis-cli -u "$compare_redis" --scan --pattern "${prefix}*" | xargs -r redis-cli -u "$compare_redis" unlink >/dev/null
    fi

    # The points of `bench cache` and `bench pages` (access log off, as there).
    if wanted cache-l1 pages-cursor pages-offset; then
      prefix="celeris-bench-compare-$$-$round-$jar-cache:"
      start_server "compare-$jar-cache-l1" CELERIS_CURSOR_SECRET=$compare_secret CELERIS_ACCESS_LOG_ENABLED=false \
        CELERIS_CACHE_ENABLED=true REDIS_URL="$compare_redis" REDIS_KEY_PREFIX="$prefix"
      compare_measure "$round" "$jar" cache-l1 bench/get-by-id.lua
      compare_measure "$round" "$jar" pages-cursor "/users?limit=20&sort=created_at"
      compare_measure "$round" "$jar" pages-offset "/users?page=1&size=20&sort=name&count=exact"
      stop_server
      redis-cli -u "$compare_redis" --scan --pattern "${prefix}*" | xargs -r redis-cli -u "$compare_redis" unlink >/dev/null
    fi
    if wanted cache-l2; then
      prefix="celeris-bench-compare-$$-$round-$jar-l2:"
      start_server "compare-$jar-cache-l2" CELERIS_CURSOR_SECRET=$compare_secret CELERIS_ACCESS_LOG_ENABLED=false \
        CELERIS_CACHE_ENABLED=true REDIS_URL="$compare_redis" REDIS_KEY_PREFIX="$prefix" CELERIS_CACHE_L1_MAX_SIZE=1
      compare_measure "$round" "$jar" cache-l2 bench/get-by-id.lua
      stop_server
      redis-cli -u "$compare_redis" --scan --pattern "${prefix}*" | xargs -r redis-cli -u "$compare_redis" unlink >/dev/null
    fi
    if wanted cache-off pages-cursor-off pages-offset-off; then
      start_server "compare-$jar-cache-off" CELERIS_CURSOR_SECRET=$compare_secret CELERIS_ACCESS_LOG_ENABLED=false \
        CELERIS_CACHE_ENABLED=false
      compare_measure "$round" "$jar" cache-off bench/get-by-id.lua
      compare_measure "$round" "$jar" pages-cursor-off "/users?limit=20&sort=created_at"
      compare_measure "$round" "$jar" pages-offset-off "/users?page=1&size=20&sort=name&count=exact"
      stop_server
    fi

    wanted keyset-80 || continue
    start_server "compare-$jar-keyset" CELERIS_CURSOR_SECRET=$compare_secret CELERIS_CACHE_PAGES_ENABLED=false \
      CELERIS_PAGING_MAX_LIMIT=1000 CELERIS_PAGING_MAX_OFFSET=100000000
    if [ -z "${cursors[$jar]:-}" ]; then
      # Each jar signs its own cursors (formats may differ between revisions): walk to 80% once per jar.
      "$JAVA" bench/Walk.java "$BASE" created_at 1000 20 "$keyset_depth" > "$OUT/compare-cursor-$jar.tsv"
      cursors[$jar]=$(awk -F'\t' '{ print $3 }' "$OUT/compare-cursor-$jar.tsv")
    fi
    compare_measure "$round" "$jar" keyset-80 "/users?limit=20&sort=created_at&cursor=${cursors[$jar]}"
    stop_server
  done
done
redis-cli -u "$compare_redis" --scan --pattern "${start_prefix}*" | xargs -r redis-cli -u "$compare_redis" unlink >/dev/null
compare_load_after=$(uptime | sed 's/.*load average: //')
# The writes that happened: the writer skips ticks when the service answers slowly, so this can be below the rate.
writes_done=$(awk -F'\t' '{ n[$1] += $2; s[$1] += $3 } END { if ("base" in n) printf "baseline %.0f/s, current %.0f/s", n["base"] / s["base"], n["new"] / s["new"]; else printf "none" }' "$OUT/compare-writes.tsv")

# Per point: mean req/s and CPU per request over the rounds, per jar; ratio current / baseline.
summary=$(awk -F'\t' '
  { k = $3 SUBSEP $2; rps[k] += $4; cpu[k] += $6; n[k]++; runs[k] = runs[k] (runs[k] == "" ? "" : " / ") $4; err[k] += $8
    jit[k] += $9; warm[k] = warm[k] (warm[k] == "" ? "" : "/") $10
    if (!($3 in seen)) { seen[$3] = 1; order[++points] = $3 } }
  END {
    for (i = 1; i <= points; i++) {
      p = order[i]; b = p SUBSEP "base"; c = p SUBSEP "new"
      rb = rps[b] / n[b]; rc = rps[c] / n[c]
      printf "| %s | %.0f (%s) | %.0f (%s) | %.2fx | %.0f | %.0f | %.1f / %.1f | %s / %s | %d / %d |\n", p, rb, runs[b], rc,
        runs[c], rc / rb, cpu[b] / n[b], cpu[c] / n[c], jit[b] / n[b], jit[c] / n[c], warm[b], warm[c], err[b], err[c]
    }
  }' "$OUT/compare.tsv")
# Under writes against without, per jar (issue 12: at least 50%).
under_writes=$(awk -F'\t' '$3 == "offset-total" { a[$2] += $4 } $3 == "offset-total-writes" { w[$2] += $4 }
  END { if (a["base"] && a["new"] && ("base" in w)) printf "baseline %.0f%%, current %.0f%%", 100 * w["base"] / a["base"], 100 * w["new"] / a["new"]; else printf "not measured" }' "$OUT/compare.tsv")
# L1 hits against the ceiling route (issue 12: at least 95%), and with the access log against without (within 5%),
# per jar, from the means of the same run.
share_of() { # $1 point, $2 reference point
  awk -F'\t' -v p="$1" -v q="$2" '$3 == p { a[$2] += $4; na[$2]++ } $3 == q { b[$2] += $4; nb[$2]++ }
    END { if (na["base"] && na["new"] && nb["base"] && nb["new"])
            printf "baseline %.1f%%, current %.1f%%", 100 * (a["base"] / na["base"]) / (b["base"] / nb["base"]),
              100 * (a["new"] / na["new"]) / (b["new"] / nb["new"]); else printf "not measured" }' "$OUT/compare.tsv"
}
# Starts: per point, the median ms (and JVM CPU ms) over every start of each jar; ratio current / baseline.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%d", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
start_col() { # $1 point, $2 jar, $3 column (4 ms, 5 CPU ms)
  awk -F'\t' -v p="$1" -v j="$2" -v c="$3" '$3 == p && $2 == j { print $c }' "$OUT/compare-start.tsv"
}
start_summary=$(for p in start-h2 start-pg-redis; do
  [ -n "$(start_col "$p" base 4)" ] || continue
  bm=$(start_col "$p" base 4 | median) nm=$(start_col "$p" new 4 | median)
  printf '| %s | %d (%s) | %d (%s) | %.2fx | %d | %d |\n' "$p" "$bm" "$(start_col "$p" base 4 | paste -sd' ')" \
    "$nm" "$(start_col "$p" new 4 | paste -sd' ')" "$(awk -v a="$nm" -v b="$bm" 'BEGIN { print a / b }')" \
    "$(start_col "$p" base 5 | median)" "$(start_col "$p" new 5 | median)"
done)
redis_share=$(share_of random-ids-redis random-ids)
redis_miss_share=$(share_of random-ids-redis-miss random-ids)
l2_hit_share=$(awk -F'\t' '$3 == "random-ids-redis" { s[$2] = s[$2] (s[$2] == "" ? "" : " / ") $11 }
  END { if (("base" in s) && ("new" in s)) printf "baseline %s, current %s", s["base"], s["new"]; else printf "not measured" }' "$OUT/compare.tsv")
l1_of_ceiling=$(share_of l1-hit ceiling)
l1_log_share=$(share_of l1-hit l1-hit-nolog)
echo "bench compare: baseline $baseline ($baseline_commit) against $commit, mean of $compare_rounds rounds:"
if [ -n "$summary" ]; then
  echo "| point | baseline req/s (rounds) | current req/s (rounds) | current/baseline | baseline µs CPU/req | current µs CPU/req | JIT µs/req | warm-up s | errors |"
  echo "$summary"
fi
start_head="| start | baseline ms, median (each start) | current ms, median (each start) | current/baseline | baseline JVM CPU ms, median | current JVM CPU ms, median |
|---|---|---|---|---|---|"
start_note="Start to the first answered GET /users?limit=1 through ./celeris run-jar (./celeris run's JVM options and AOT cache): start-h2 on embedded defaults (H2, 10,000 demo users), start-pg-redis on this run's database with Redis; $compare_starts starts per round and jar, after one unmeasured start per jar that records its AOT cache."
if [ -n "$start_summary" ]; then echo "$start_head"; echo "$start_summary"; fi
echo "bench compare: offset-total under $writes_per_second writes/s as a share of without: $under_writes (writes done: $writes_done)"
echo "bench compare: l1-hit as a share of ceiling: $l1_of_ceiling; l1-hit (access log on) as a share of l1-hit-nolog: $l1_log_share"
echo "bench compare: random-ids-redis as a share of random-ids: $redis_share (L2 hits per round: $l2_hit_share); random-ids-redis-miss (every lookup a miss): $redis_miss_share"
echo "bench compare: load average before $compare_load_before, after $compare_load_after"

table_head="| point | baseline $baseline_commit req/s (rounds) | current $commit req/s (rounds) | current/baseline | baseline µs JVM CPU/req | current µs JVM CPU/req | of which JIT (baseline / current) | warm-up s per round (baseline / current) | errors (baseline / current) |
|---|---|---|---|---|---|---|---|---|"
results=("$summary")
if [ -z "$summary" ]; then table_head=$start_head results=("$start_summary"); fi
note="baseline $baseline ($baseline_commit) against $commit; $(thousands "$users") users; $compare_rounds rounds, each point on both jars, the baseline first in odd rounds and the current first in even ones, fresh JVM per configuration; wrk -t$threads -c$connections, $warmup warm-up (up to $settle_secs s more while the JIT compiled), $duration measured"
note+="${settings[*]+; settings ${settings[*]}}${points:+; points $points}"
extra=$(
  echo
  echo "First offset page with its exact total under $writes_per_second writes/s (bench/Writer.java, create then delete) as a share of the same without writes: $under_writes. Writes done (the writer skips ticks when answers are slow): $writes_done."
  echo "L1 hit as a share of the ceiling route: $l1_of_ceiling. L1 hit with the access log (the default) as a share of the same without (l1-hit-nolog): $l1_log_share."
  if [ "$redis_share" != "not measured" ] || [ "$redis_miss_share" != "not measured" ]; then
    echo "Random ids with Redis as a share of random-ids (L1 only): $redis_share, with these shares of its lookups hitting L2 in the measured runs: $l2_hit_share. With every lookup a miss (random-ids-redis-miss, REDIS_TTL=PT0.001S): $redis_miss_share."
  fi
  echo "Keyset page at 80% = row $(thousands "$keyset_depth") by created_at, pages cache off. Random ids: $(( users / 2 < 500000 ? users / 2 : 500000 )) ids. CPU per request: utime + stime of the service process over the measured run (includes the writer's requests in offset-total-writes)."
  if [ -n "$start_summary" ]; then
    echo "$start_note"
    if [ -n "$summary" ]; then echo; echo "$start_head"; echo "$start_summary"; echo; fi
  fi
  echo "Load average (1, 5, 15 min) before: $compare_load_before; after: $compare_load_after (2 cores, shared with other work: compare ratios within this run only)."
)
