# Scenario `cluster` of bench/run.sh (sourced by it: uses its settings, run_wrk, record, hot_ids).
#
#   ./celeris bench cluster [--users N] [--duration 10s] [--warmup 5s] [--connections 64] [--threads 2]
#
# Three instances of the jar (A on CELERIS_BENCH_PORT, B and C on free ports; 256 MiB heap each) on one database
# and one Redis key prefix (CELERIS_BENCH_REDIS_URL, default redis://127.0.0.1:6379; keys removed after), and two
# Debian nginx (/usr/sbin/nginx or CELERIS_BENCH_NGINX) running deploy/nginx/celeris.conf with its ports replaced:
# one in front of A alone, one in front of A, B and C. In one run, for two requests,
#   get-by-id   GET /users/{id} over the hot set of 1,000 ids (get-by-id.lua): in-process cache hits, CPU only;
#   offset-50   GET /users?page=50&size=20&sort=name&count=none: a database read every time (not a first page);
# wrk measures A directly, nginx -> A, nginx -> A+B+C (rounds: --rounds, default 2, alternating the order).
# Then the invalidation delay (bench/Stale.java): PUTs through A, B and C polled directly until they show the
# write, idle and again while wrk loads nginx -> A+B+C with get-by-id: a histogram and p50/p90/p99/max.

cl_nginx_bin=${CELERIS_BENCH_NGINX:-/usr/sbin/nginx}
[ -x "$cl_nginx_bin" ] || { echo "bench: no nginx at $cl_nginx_bin: apt-get install -y nginx" >&2; exit 1; }
cl_redis=${CELERIS_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
cl_prefix="celeris-bench-cluster-$$:"
cl_rounds=${rounds:-2}
cl_load_before=$(uptime | sed 's/.*load average: //')
cl_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cl_dir=$(mktemp -d /tmp/celeris-bench-cluster-XXXXXX)
cl_pids=() cl_nginx_pids=()
cl_stop() {
  local p
  for p in ${cl_nginx_pids[@]+"${cl_nginx_pids[@]}"} ${cl_pids[@]+"${cl_pids[@]}"}; do
    kill "$p" 2>/dev/null || true
  done
  for p in ${cl_nginx_pids[@]+"${cl_nginx_pids[@]}"} ${cl_pids[@]+"${cl_pids[@]}"}; do
    wait "$p" 2>/dev/null || true
  done
  cl_pids=() cl_nginx_pids=()
  redis-cli -u "$cl_redis" --scan --pattern "${cl_prefix}*" | xargs -r redis-cli -u "$cl_redis" unlink >/dev/null || true
  rm -rf "$cl_dir"
}
trap 'cleanup; cl_stop' EXIT

hot_ids

cl_ports=("$PORT" "$(cl_free_port)" "$(cl_free_port)")
cl_names=(A B C)
for i in 0 1 2; do
  env SERVER_PORT="${cl_ports[$i]}" SERVER_HOST=127.0.0.1 DATABASE_URL="$DB_URL" DATABASE_USER="$PG_USER" \
      REDIS_URL="$cl_redis" REDIS_KEY_PREFIX="$cl_prefix" CELERIS_TRUSTED_PROXIES=127.0.0.1/32 \
      CELERIS_CURSOR_SECRET=celeris-bench-cluster-cursor-key-0001 CELERIS_ACCESS_LOG_ENABLED=false \
      CELERIS_DEMO_USERS=0 ${settings[@]+"${settings[@]}"} \
      "$JAVA" -Xms256m -Xmx256m ${BENCH_JVM_OPTS:-} -jar "$JAR" > "$OUT/server-cluster-${cl_names[$i]}.log" 2>&1 &
  cl_pids+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:${cl_ports[$i]}/observe/health/ready" >/dev/null 2>&1 && break
    kill -0 "${cl_pids[$i]}" 2>/dev/null || { cat "$OUT/server-cluster-${cl_names[$i]}.log"; exit 1; }
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:${cl_ports[$i]}/observe/health/ready" >/dev/null || { echo "bench: ${cl_names[$i]} did not come up" >&2; exit 1; }
done

cl_nginx() { # $1 label, rest: upstream ports; sets cl_nginx_port
  local label=$1; shift
  local d="$cl_dir/$label" port; port=$(cl_free_port); mkdir -p "$d"
  awk -v listen="$port" -v ups="$*" '
    /^ *server .*# celeris:upstream/ { if (!done) { n = split(ups, p, " "); opts = $0; sub(/^ *server +[^ ;]+/, "", opts); sub(/;.*/, "", opts)
                             for (i = 1; i <= n; i++) printf "    server 127.0.0.1:%s%s;\n", p[i], opts; done = 1 }; next }
    /^ *listen .*# celeris:listen/ { print "    listen 127.0.0.1:" listen ";"; next }
    { print }' deploy/nginx/celeris.conf > "$d/celeris.conf"
  cat > "$d/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo "user root root;")
worker_processes auto;
error_log $d/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $d/client_body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    include $d/celeris.conf;
}
CONF
  "$cl_nginx_bin" -e "$d/error.log" -c "$d/nginx.conf" -p "$d" -g "daemon off; pid $d/nginx.pid;" > "$d/stdout.log" 2>&1 &
  cl_nginx_pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/observe/health/ready" >/dev/null \
    || { echo "bench: nginx $label did not come up" >&2; cat "$d/stdout.log" "$d/error.log" >&2; exit 1; }
  cl_nginx_port=$port
}
cl_nginx one "${cl_ports[0]}"; cl_one=$cl_nginx_port
cl_nginx three "${cl_ports[@]}"; cl_three=$cl_nginx_port
cl_url() { case "$1" in direct) echo "http://127.0.0.1:${cl_ports[0]}" ;; one) echo "http://127.0.0.1:$cl_one" ;; three) echo "http://127.0.0.1:$cl_three" ;; esac; }

# Warm all three JVMs (through nginx -> A+B+C) and A directly, with both requests.
cl_offset="/users?page=50&size=20&sort=name&count=none"
BASE=$(cl_url three); run_wrk warm-cluster-three bench/get-by-id.lua "$warmup" >/dev/null
wrk -t"$threads" -c"$connections" -d"$warmup" "$(cl_url three)$cl_offset" > "$OUT/wrk-warm-cluster-offset.txt"
BASE=$(cl_url direct); run_wrk warm-cluster-direct bench/get-by-id.lua "$warmup" >/dev/null

declare -A cl_sum=()
cl_measure() { # $1 request (get-by-id|offset-50), $2 target (direct|one|three), $3 round
  local log="$OUT/wrk-cluster-$1-$2-r$3.txt" result
  if [ "$1" = get-by-id ]; then
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/get-by-id.lua "$(cl_url "$2")" > "$log"
  else
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$(cl_url "$2")$cl_offset" > "$log"
  fi
  result=$(awk '/Requests\/sec:/ { rps=$2 } /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx or 3xx responses:/ { err+=$NF } /Socket errors:/ { gsub(",", ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, err+0 }' "$log")
  local label; case "$2" in direct) label="A direct" ;; one) label="nginx -> A" ;; three) label="nginx -> A+B+C" ;; esac
  record "$1 $label r$3 c$connections" "$result"
  cl_sum[$1:$2]=$(awk -v a="${cl_sum[$1:$2]:-0}" -v b="$(awk '{print $1}' <<<"$result")" 'BEGIN { print a + b }')
}
for r in $(seq 1 "$cl_rounds"); do
  if [ $(( r % 2 )) -eq 1 ]; then order=(direct one three); else order=(three one direct); fi
  for req in get-by-id offset-50; do
    for target in "${order[@]}"; do cl_measure "$req" "$target" "$r"; done
  done
done
cl_ratio() { awk -v a="${cl_sum[$1:$2]}" -v b="${cl_sum[$1:$3]}" 'BEGIN { printf "%.2f", a / b }'; }
cl_mean() { awk -v a="${cl_sum[$1:$2]}" -v n="$cl_rounds" 'BEGIN { printf "%.0f", a / n }'; }
cl_summary=""
for req in get-by-id offset-50; do
  cl_summary+="$req: A direct $(cl_mean "$req" direct), nginx -> A $(cl_mean "$req" one), nginx -> A+B+C $(cl_mean "$req" three) req/s (mean of $cl_rounds); three/one $(cl_ratio "$req" three one)x, nginx -> A / direct $(cl_ratio "$req" one direct)x. "
done
echo "bench: $cl_summary"

# Invalidation delay: idle, then under load through nginx -> A+B+C.
cl_stale_writes=${CELERIS_BENCH_STALE_WRITES:-300}
cl_urls=("http://127.0.0.1:${cl_ports[0]}" "http://127.0.0.1:${cl_ports[1]}" "http://127.0.0.1:${cl_ports[2]}")
"$JAVA" bench/Stale.java "$cl_stale_writes" "${cl_urls[@]}" | tee "$OUT/stale-idle.txt"
wrk -t"$threads" -c"$connections" -d300s -s bench/get-by-id.lua "$(cl_url three)" > "$OUT/wrk-cluster-stale-load.txt" &
cl_wrk=$!
"$JAVA" bench/Stale.java "$cl_stale_writes" "${cl_urls[@]}" | tee "$OUT/stale-load.txt"
kill -INT "$cl_wrk" 2>/dev/null || true; wait "$cl_wrk" 2>/dev/null || true
cl_load_after=$(uptime | sed 's/.*load average: //')
cl_stop

cl_stale_line() { sed -n 's/^stale: //p' "$1"; }
note="1 vs 3 instances behind nginx on $(nproc) cores: ${cl_summary}Invalidation delay idle: $(cl_stale_line "$OUT/stale-idle.txt"); under get-by-id load: $(cl_stale_line "$OUT/stale-load.txt"); $users users, wrk -t$threads -c$connections -d$duration; load average before: $cl_load_before, after: $cl_load_after"
extra=$(
  echo
  echo "Invalidation delay (\`bench/Stale.java $cl_stale_writes\`: PUT through A, B and C polled directly until they show it; samples = 2 per write):"
  echo
  echo "| delay | idle | under load (wrk -c$connections through nginx -> A+B+C) |"
  echo "|---|---|---|"
  paste <(sed -n 's/^stale-hist: //p' "$OUT/stale-idle.txt") <(sed -n 's/^stale-hist: //p' "$OUT/stale-load.txt" | cut -f2) \
    | awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }'
  echo
  echo "Idle: $(cl_stale_line "$OUT/stale-idle.txt"). Under load: $(cl_stale_line "$OUT/stale-load.txt")."
)
