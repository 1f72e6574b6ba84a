# Scenario `pool` of bench/run.sh (sourced by it: uses its settings and its start_server, run_wrk, record).
# req/s counts every answer, 503s included; each row's scenario also gives the 2xx answers per second.
#
#   ./celeris bench pool [--users N] [--duration 10s] [--warmup 5s] [--connections 64]
#
# On PostgreSQL with the cache off, GET /users/{id} over a hot set of 1,000 ids:
#   (a) the default pool vs a new connection per request (DATABASE_POOL_MODE=unpooled, benchmark only),
#       at --connections; both behind the same admission control (as many requests at the database at
#       once as the pool has connections), so the difference is the cost of opening connections;
#   (b) pool sizes 2, 4, 8, 16, 32 (CELERIS_BENCH_POOL_SIZES to change) at 256 connections, the admission queue large enough that none is
#       refused (it measures the pool, not the rejection path): where the knee is on this machine;
#   (c) the default pool at 1,000 connections: with the default admission queue (32 per connection,
#       the rest refused at once with 503), and with a queue that holds all 1,000.

pool_cpus=$(nproc)
pool_default_size=$((pool_cpus * 2 + 1))
pool_load_before=$(uptime | sed 's/.*load average: //')

pool_seed() {
  echo "bench: seeding $users users"
  psqlc -d "$DB" -c "INSERT INTO users (id, email, name, created_at, updated_at, version, email_domain)
    SELECT gen_random_uuid(), 'user' || g || '@bench.example', 'User ' || (g % 5000),
           now() - make_interval(secs => g), now() - make_interval(secs => g), 1, 'bench.example'
    FROM generate_series(1, $users) g" -c "ANALYZE users"
  psqlc -d "$DB" -At -c "SELECT id FROM users ORDER BY random() LIMIT 1000" \
    | awk 'BEGIN { print "return {" } { printf "\"%s\",\n", $1 } END { print "}" }' > "$OUT/ids.lua"
}

# $1 label -> 2xx answers per second of its measured wrk run (req/s counts the 503s too).
pool_ok_rps() {
  awk '/requests in/ { n = $1; t = $4; sub(/s,?$/, "", t) }
       /Non-2xx or 3xx responses:/ { bad = $NF }
       END { printf "%.0f", (n - bad) / t }' "$OUT/wrk-$1.txt"
}

# $1 label, $2 wrk connections, rest: service environment. Sets point="rps p50 p99 errors" and ok (2xx/s).
# (Not called in $(…): the server must be started and stopped by this shell, whose EXIT trap stops it.)
pool_point() {
  local label=$1 conns=$2; shift 2
  start_server "$label" CELERIS_CACHE_ENABLED=false CELERIS_ACCESS_LOG_ENABLED=false "$@"
  local saved=$connections
  connections=$conns
  run_wrk "warm-$label" bench/get-by-id.lua "$warmup" >/dev/null
  point=$(run_wrk "$label" bench/get-by-id.lua "$duration")
  ok=$(pool_ok_rps "$label")
  connections=$saved
  stop_server
}

start_server seed CELERIS_CACHE_ENABLED=false  # runs the migrations on the fresh database
pool_seed
stop_server

# (a) pooled vs unpooled
pool_point pooled "$connections"; pooled_ok=$ok
record "pool mode=pooled size=$pool_default_size c$connections; 2xx $ok/s" "$point"
pool_point unpooled "$connections" DATABASE_POOL_MODE=unpooled; unpooled_ok=$ok
record "pool mode=unpooled c$connections; 2xx $ok/s" "$point"
pool_ratio=$(awk -v a="$pooled_ok" -v b="$unpooled_ok" 'BEGIN { printf "%.1f", a / b }')
echo "bench: pooled / unpooled (2xx/s) = ${pool_ratio}x"

# (b) pool-size sweep at 256 connections
for size in ${CELERIS_BENCH_POOL_SIZES:-2 4 8 16 32}; do
  pool_point "size-$size" 256 DATABASE_POOL_MAX_SIZE="$size" DATABASE_POOL_MIN_IDLE="$size" DATABASE_ADMISSION_QUEUE=256
  record "pool size=$size c256; 2xx $ok/s" "$point"
done

# (c) 1,000 connections, default pool
pool_point default-c1000 1000
record "pool size=$pool_default_size c1000 default queue $((pool_default_size * 32)); 2xx $ok/s" "$point"
pool_point default-c1000-queue 1000 DATABASE_ADMISSION_QUEUE=1000
record "pool size=$pool_default_size c1000 queue 1000; 2xx $ok/s" "$point"

pool_load_after=$(uptime | sed 's/.*load average: //')
note="${settings[*]+settings ${settings[*]}; }pooled/unpooled ${pool_ratio}x (2xx/s) at c$connections; cache off; $users users, hot set 1,000 ids; wrk -t$threads -d$duration after $warmup warm-up per point; $pool_cpus cores; load average before: $pool_load_before, after: $pool_load_after"
