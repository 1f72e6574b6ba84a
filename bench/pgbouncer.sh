# Scenario `pgbouncer` of bench/run.sh (sourced by it: uses its settings and its start_server, record).
#
#   ./celeris bench pgbouncer [--users N] [--duration 10s] [--warmup 5s] [--connections 64]
#
# First cursor pages (GET /users?limit=20&sort=created_at, cache and access log off, so every request is a
# query) in one run, four ways:
#   direct     pgjdbc defaults (server-side prepared statements after 5 uses)
#   direct     prepareThreshold=0 (what dropping server-side prepares costs by itself)
#   pgbouncer  transaction mode, prepareThreshold=0 (the documented setting)
#   pgbouncer  transaction mode, pgjdbc defaults (broken: counts the failed requests)
# PgBouncer (Debian's /usr/sbin/pgbouncer, as the OS user postgres when run as root) gets an ini of its own in
# a temporary directory, a free port, default_pool_size = the service's pool size; it is stopped at the end.

pgb_bin=${CELERIS_BENCH_PGBOUNCER:-/usr/sbin/pgbouncer}
[ -x "$pgb_bin" ] || { echo "bench: no pgbouncer at $pgb_bin: apt-get install -y pgbouncer" >&2; exit 1; }
pgb_load_before=$(uptime | sed 's/.*load average: //')
pgb_dir=$(mktemp -d /tmp/celeris-bench-pgbouncer-XXXXXX)
pgb_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pgb_pool=$(( $(nproc) * 2 + 1 ))
printf '"%s" ""\n' "$PG_USER" > "$pgb_dir/userlist.txt"
cat > "$pgb_dir/pgbouncer.ini" <<INI
[databases]
* = host=$PG_HOST port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgb_port
unix_socket_dir =
auth_type = trust
auth_file = $pgb_dir/userlist.txt
pool_mode = transaction
default_pool_size = $pgb_pool
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits
logfile = $pgb_dir/pgbouncer.log
pidfile = $pgb_dir/pgbouncer.pid
INI
pgb_run=()
if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$pgb_dir"; pgb_run=(runuser -u postgres --); fi
"${pgb_run[@]}" "$pgb_bin" -d "$pgb_dir/pgbouncer.ini"
for _ in $(seq 1 50); do [ -s "$pgb_dir/pgbouncer.pid" ] && break; sleep 0.1; done
pgb_stop() { [ -s "$pgb_dir/pgbouncer.pid" ] && kill "$(cat "$pgb_dir/pgbouncer.pid")" 2>/dev/null; rm -rf "$pgb_dir"; }
trap 'cleanup; pgb_stop' EXIT

pgb_path="/users?limit=20&sort=created_at"
pgb_point() { # $1 label, $2 JDBC URL
  start_server "pgbouncer-$1" CELERIS_CACHE_ENABLED=false CELERIS_ACCESS_LOG_ENABLED=false DATABASE_URL="$2"
  wrk -t"$threads" -c"$connections" -d"$warmup" "$BASE$pgb_path" > "$OUT/wrk-warm-pgbouncer-$1.txt"
  local log="$OUT/wrk-pgbouncer-$1.txt" result
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$BASE$pgb_path" > "$log"
  result=$(awk '/Requests\/sec:/ { rps=$2 } /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF } /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }' "$log")
  record "cursor page $1 c$connections" "$result"
  eval "pgb_$(tr 'A-Z' 'a-z' <<<"$1" | tr -c 'a-z0-9' '_' | sed 's/_*$//')=\"$result\""
  stop_server
}

pgb_via="jdbc:postgresql://127.0.0.1:$pgb_port/$DB"
pgb_point "direct default" "$DB_URL"
pgb_point "direct prepareThreshold=0" "$DB_URL?prepareThreshold=0"
pgb_point "pgbouncer prepareThreshold=0" "$pgb_via?prepareThreshold=0"
pgb_point "pgbouncer default" "$pgb_via"
pgb_errors=$(grep -c 'prepared statement' "$OUT/server-pgbouncer-pgbouncer default.log" || true)

rps() { awk '{print $1}' <<<"$1"; }
pgb_ratio=$(awk -v a="$(rps "$pgb_pgbouncer_preparethreshold_0")" -v b="$(rps "$pgb_direct_default")" 'BEGIN { printf "%.2f", a / b }')
pgb_ratio0=$(awk -v a="$(rps "$pgb_direct_preparethreshold_0")" -v b="$(rps "$pgb_direct_default")" 'BEGIN { printf "%.2f", a / b }')
pgb_load_after=$(uptime | sed 's/.*load average: //')
echo "bench: through PgBouncer (prepareThreshold=0) / direct (defaults) = ${pgb_ratio}x; direct prepareThreshold=0 / defaults = ${pgb_ratio0}x; 'prepared statement' errors in the log with defaults through PgBouncer: $pgb_errors"
note="cursor pages direct vs PgBouncer (transaction mode, default_pool_size $pgb_pool): pgbouncer+prepareThreshold=0 / direct ${pgb_ratio}x, direct prepareThreshold=0 / direct ${pgb_ratio0}x; $users users, cache off, wrk -t$threads -c$connections -d$duration; load average before: $pgb_load_before, after: $pgb_load_after"
extra=$(echo; echo "Server log lines with 'prepared statement' errors through PgBouncer with pgjdbc defaults: $pgb_errors (the errors column counts their non-2xx answers).")
