#!/usr/bin/env bash
# Two jars on one point, both running at once and measured in short slices that take turns: for small changes on a
# noisy host, where `bench compare` (one jar, then the other, a minute or more apart) cannot tell a few percent from
# the host's drift (the same jar read 7,000-10,400 req/s on the keyset page within one hour of 2026-12-01).
#
#   bench/interleave.sh --baseline REF [--current REF] [--path PATH] [--baseline-path PATH] [--slices 20]
#                       [--slice 5s] [--warmup 40s] [--phases 2] [--set KEY=VALUE]... [--redis [current]]
#                       [--java-opts "OPTIONS"]
#
# Builds REF (and --current REF, else the working tree's jar as built) in temporary worktrees, starts both jars on
# the database of `./celeris bench compare` (celeris_bench, seeded: run a compare first; CELERIS_BENCH_DB to change)
# with the settings of compare's keyset point (pages cache off, the compare cursor secret) plus --set, warms each up,
# then runs --slices pairs of wrk slices (-t2 -c64), baseline and current alternately, the order of each pair swapped
# every other pair. Per slice: req/s, and the JVM CPU per request (utime + stime from /proc). Prints the per-slice
# lines and the median over the slices of each jar, current/baseline of the medians, and the median of each pair's
# own current/baseline (the two slices of a pair are seconds apart: the host's drift over the run cancels in them).
# --phases (default 2): the slices are split into phases, each on a fresh pair of JVMs; odd phases start the baseline
# first (port 8091), even ones the current jar. A JVM keeps its own speed for its whole life (what it compiled, where
# its memory landed): on 2026-12-02 the same two jars read 0.910x, then 0.918x with their roles swapped (so one of
# them, or one slot, was 8-9% slower for a whole run), while an A/A run between them read 0.985x. One pair of JVMs
# cannot tell that from a change; the geometric mean of the phases' pair medians averages over several, each jar
# in each slot, and it is the figure to read. A pair where both jars ran under half their median (the host stalled)
# is named, and the figure to read is then the geometric mean without such pairs (interleave-summary.awk).
# --path: the request, default the keyset page at 80% of the table by created_at (cursor walked by bench/Walk.java
# on each jar); "random-ids" for GET /users/{id} over random ids (bench/out/random-ids.lua of the compare).
# --baseline-path: another request for the baseline jar (same forms as --path): with --current equal to --baseline,
# one route against another on the same code in the same minutes, e.g. L1 hits against /bench/ceiling.
# --redis: both jars over Redis (CELERIS_BENCH_REDIS_URL, default redis://127.0.0.1:6379), each with a key prefix of
# its own (removed on exit), so neither finds what the other stored; the end line shows each one's L2 hits.
# --redis current: only the current jar over Redis: with --current equal to --baseline, what Redis costs one jar
# (random ids over Redis as a share of the same without, both measured in the same minutes).
# --java-opts: JVM options for the current jar only, after the -Xms512m -Xmx512m both get; with --current equal to
# --baseline, what an option does to one jar.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline= current= path=keyset-80 base_path= slices=20 slice=5s warmup=40s phases=2 settings=() redis= redis_jars= java_opts=
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline=$2; shift 2 ;;
    --current) current=$2; shift 2 ;;
    --path) path=$2; shift 2 ;;
    --baseline-path) base_path=$2; shift 2 ;;
    --slices) slices=$2; shift 2 ;;
    --slice) slice=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --phases) phases=$2; shift 2 ;;
    --set) settings+=("$2"); shift 2 ;;
    --java-opts) java_opts=$2; shift 2 ;;
    --redis) redis=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}; redis_jars="base new"; shift
      if [ "${1:-}" = current ]; then redis_jars=new; shift; fi ;;
    *) echo "bench interleave: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$baseline" ] || { echo "bench interleave: --baseline REF is required" >&2; exit 2; }
[[ "$phases" =~ ^[1-9][0-9]*$ ]] || { echo "bench interleave: --phases is a number of at least 1" >&2; exit 2; }
[[ "$slices" =~ ^[1-9][0-9]*$ ]] || { echo "bench interleave: --slices is a number of at least 1" >&2; exit 2; }
[ "$phases" -le "$slices" ] || { echo "bench interleave: --phases is at most --slices (a phase needs a pair)" >&2; exit 2; }
: "${JAVA_HOME:?run through ./celeris bench interleave}"
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { echo "bench interleave: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
DB_URL="jdbc:postgresql://${CELERIS_BENCH_PG_HOST:-127.0.0.1}:${CELERIS_BENCH_PG_PORT:-5432}/${CELERIS_BENCH_DB:-celeris_bench}"
OUT=bench/out; mkdir -p "$OUT"
hz=$(getconf CLK_TCK)

dirs=() pids=()
prefix() { echo "celeris-interleave-$$-$1:"; } # $1 jar: its Redis key prefix with --redis
forget_redis() { # the keys both jars stored, so that the next phase starts as the first did
  if [ -n "$redis" ]; then
    for jar in $redis_jars; do
      redis-cli -u "$redis" --scan --pattern "$(prefix "$jar")*" | xargs -r -n 500 redis-cli -u "$redis" unlink > /dev/null
    done
  fi
}
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  forget_redis
  for d in "${dirs[@]}"; do git worktree remove --force "$d" 2>/dev/null || rm -rf "$d"; done
}
trap cleanup EXIT

build() { # $1 = ref -> sets built to the path of its jar, in a worktree of its own (removed on exit)
  local d; d=$(mktemp -d /tmp/celeris-interleave.XXXXXX); dirs+=("$d")
  echo "bench interleave: building $1" >&2
  git worktree add -q --detach "$d" "$(git rev-parse "$1^{commit}")"
  (cd "$d" && ./mvnw -B -q -DskipTests package) >&2
  built=$d/bootstrap/target/bootstrap.jar
}
build "$baseline"; jar_base=$built
if [ -n "$current" ]; then
  build "$current"; jar_new=$built
else
  # The working tree's jar with its libraries, copied away: a build here during the run does not change it.
  [ -f bootstrap/target/bootstrap.jar ] || ./mvnw -B -q -DskipTests package
  d=$(mktemp -d /tmp/celeris-interleave-current.XXXXXX); dirs+=("$d")
  cp -r bootstrap/target/bootstrap.jar bootstrap/target/libs "$d"/; jar_new=$d/bootstrap.jar
fi

declare -A port=() pid=() url=() script=()
rows=$(psql -X -qtA -h "${CELERIS_BENCH_PG_HOST:-127.0.0.1}" -U "${CELERIS_BENCH_PG_USER:-postgres}" \
  "${CELERIS_BENCH_DB:-celeris_bench}" -c "SELECT count(*) FROM users")

start_jars() { # $1 $2: the jars in the order they start; the first gets port 8091, the second 8092
  port=([$1]=8091 [$2]=8092)
  local jar j over_redis p
  for jar in "$1" "$2"; do
    j=$([ "$jar" = base ] && echo "$jar_base" || echo "$jar_new")
    over_redis=(); [[ " $redis_jars " != *" $jar "* ]] || over_redis=(REDIS_URL="$redis" REDIS_KEY_PREFIX="$(prefix "$jar")")
    env ${over_redis[@]+"${over_redis[@]}"} SERVER_PORT=${port[$jar]} DATABASE_URL="$DB_URL" DATABASE_USER="${CELERIS_BENCH_PG_USER:-postgres}" \
      CELERIS_BENCH_CEILING_ROUTE=true CELERIS_DEMO_USERS=0 CELERIS_CURSOR_SECRET=celeris-bench-compare-cursor-key-01 \
      CELERIS_CACHE_PAGES_ENABLED=false CELERIS_PAGING_MAX_LIMIT=1000 CELERIS_PAGING_MAX_OFFSET=100000000 \
      ${settings[@]+"${settings[@]}"} "$JAVA" -Xms512m -Xmx512m $([ "$jar" = base ] || echo "$java_opts") -jar "$j" \
      >> "$OUT/server-interleave-$jar.log" 2>&1 &
    pid[$jar]=$!; pids+=($!)
    # One at a time: the second starts on a host the first has finished starting on.
    for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:${port[$jar]}/bench/ceiling" && break; sleep 0.5; done
  done
  for jar in base new; do
    p=$path; [ "$jar" = new ] || p=${base_path:-$path}
    case "$p" in
      keyset-80)
        "$JAVA" bench/Walk.java "http://127.0.0.1:${port[$jar]}" created_at 1000 20 $(( rows * 8 / 10 )) > "$OUT/interleave-cursor-$jar.tsv"
        url[$jar]="http://127.0.0.1:${port[$jar]}/users?limit=20&sort=created_at&cursor=$(awk -F'\t' '{ print $3 }' "$OUT/interleave-cursor-$jar.tsv")"
        script[$jar]= ;;
      random-ids)
        [ -f "$OUT/random-ids.lua" ] || { echo "bench interleave: $OUT/random-ids.lua is missing: run a compare first" >&2; exit 1; }
        url[$jar]="http://127.0.0.1:${port[$jar]}"; script[$jar]="bench/get-by-id.lua $OUT/random-ids.lua" ;;
      /*) url[$jar]="http://127.0.0.1:${port[$jar]}$p"; script[$jar]= ;;
      *) echo "bench interleave: a path is keyset-80, random-ids or one starting with /" >&2; exit 2 ;;
    esac
  done
}

stop_jars() { # both, and waits for them to be gone (their ports free)
  local jar
  for jar in base new; do kill "${pid[$jar]}" 2>/dev/null || true; done
  for jar in base new; do wait "${pid[$jar]}" 2>/dev/null || true; done
  forget_redis
}

run() { # $1 jar, $2 duration -> "req/s requests cpu_ticks" (the service's utime + stime over the run)
  local jar=$1 before after log="$OUT/wrk-interleave-$1.txt"
  before=$(awk '{ print $14 + $15 }' "/proc/${pid[$jar]}/stat")
  if [ -n "${script[$jar]}" ]; then
    # shellcheck disable=SC2086
    wrk -t2 -c64 -d"$2" -s ${script[$jar]%% *} "${url[$jar]}" -- ${script[$jar]#* } > "$log"
  else
    wrk -t2 -c64 -d"$2" "${url[$jar]}" > "$log"
  fi
  after=$(awk '{ print $14 + $15 }' "/proc/${pid[$jar]}/stat")
  awk -v t=$(( after - before )) '/Requests\/sec/ { rps = $2 } /requests in/ { n = $1 } END { print rps, n, t }' "$log"
}

: > "$OUT/interleave.tsv"
for jar in base new; do : > "$OUT/server-interleave-$jar.log"; done
per_phase=$(( (slices + phases - 1) / phases ))
i=0
for phase in $(seq 1 "$phases"); do
  # Odd phases start the baseline first (port 8091), even ones the current jar: what the slot itself gives a JVM
  # (start order, port, where its memory landed) lands on each jar in turn.
  if [ $(( phase % 2 )) -eq 1 ]; then start_jars base new; first=base; else start_jars new base; first=new; fi
  echo "bench interleave: phase $phase of $phases: $first started first (port 8091); warming up both jars, $warmup each, twice" >&2
  for _ in 1 2; do for jar in base new; do run "$jar" "$warmup" > /dev/null; done; done
  for _ in $(seq 1 "$per_phase"); do
    [ "$i" -lt "$slices" ] || break
    i=$(( i + 1 ))
    order="base new"; [ $(( i % 2 )) -eq 1 ] || order="new base"
    for jar in $order; do
      read -r rps n ticks <<<"$(run "$jar" "$slice")"
      us=$(awk -v t="$ticks" -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
      printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$jar" "$rps" "$us" "$phase" >> "$OUT/interleave.tsv"
      printf 'bench interleave: slice %2d %-4s %10s req/s %7s us CPU/request (phase %d)\n' "$i" "$jar" "$rps" "$us" "$phase"
    done
  done
  if [ -n "$redis" ]; then
    for jar in $redis_jars; do
      curl -fs "http://127.0.0.1:${port[$jar]}/observe/metrics" | awk -v jar="$jar" -v phase="$phase" '
        /^celeris_cache_l2_hits[{ ]/ { h = $NF } /^celeris_cache_l2_misses[{ ]/ { m = $NF }
        END { if (h + m > 0) printf "bench interleave: %s: %.0f%% of its Redis lookups hit (phase %d)\n", jar, 100 * h / (h + m), phase }'
    done
  fi
  stop_jars
done

# The summary (bench/interleave-summary.awk also reads a kept file by itself): medians, pairs, phases, and the pairs
# where the host stalled for both jars, which the figure to read leaves out.
awk -F'\t' -f bench/interleave-summary.awk "$OUT/interleave.tsv"
