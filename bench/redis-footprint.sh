#!/usr/bin/env bash
# What one instance holds of Redis, and how long it takes to answer, with the cache over Redis:
#   bench/redis-footprint.sh [JAR] [RUNS]     (JAR default bootstrap/target/bootstrap.jar, RUNS default 3)
# Starts the jar RUNS times (embedded H2, no demo data, REDIS_URL on 127.0.0.1:6379 under a key prefix of its own),
# and prints one line per run: ms from launch to the first answered GET /users?limit=1, the JVM's threads, those of
# the Redis client (Lettuce's and ours), TCP connections to 6379, and subscribers on the invalidation channel.
# The server's own start time is Helidon's "milliseconds since JVM startup" line. REDIS_URL=redis://127.0.0.1:6390
# (nothing listening) shows what a Redis that is down costs at start.
set -euo pipefail
JAR=${1:-bootstrap/target/bootstrap.jar}
RUNS=${2:-3}
JAVA=${JAVA:-java}
PORT=${PORT:-18181}
REDIS=${REDIS_URL:-redis://127.0.0.1:6379}
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null || true' EXIT
for run in $(seq 1 "$RUNS"); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is taken" >&2; exit 1; fi
  prefix="celeris-footprint-$$-$run:"
  start=$(date +%s%N)
  env SERVER_PORT=$PORT REDIS_URL="$REDIS" REDIS_KEY_PREFIX="$prefix" CELERIS_DEMO_USERS=0 \
      CELERIS_ACCESS_LOG_ENABLED=false "$JAVA" -Xms256m -Xmx512m -jar "$JAR" > /tmp/footprint-$$.log 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/users?limit=1"; do
    kill -0 $pid 2>/dev/null || { cat /tmp/footprint-$$.log; exit 1; }
    sleep 0.01
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2 # let background threads settle
  threads=$(ls /proc/$pid/task | wc -l)
  redis_threads=$(cat /proc/$pid/task/*/comm | grep -Ec '^(lettuce|celeris-cache|celeris-redis)' || true)
  sockets=$(ss -tnp state established '( dport = :6379 )' | grep -c "pid=$pid," || true)
  subscribers=$(redis-cli -u "$REDIS" pubsub numsub "${prefix}invalidations" 2>/dev/null | tail -1 || echo -)
  jvm_ms=$(sed -n 's/.* \([0-9]*\) milliseconds since JVM startup.*/\1/p' /tmp/footprint-$$.log | head -1)
  echo "run $run: ready ${ready_ms} ms (server started ${jvm_ms:-?} ms after JVM start); threads $threads (Redis client $redis_threads); sockets to 6379: $sockets; subscribers: $subscribers"
  kill $pid; wait $pid 2>/dev/null || true; pid=
  redis-cli -u "$REDIS" --scan --pattern "${prefix}*" 2>/dev/null | xargs -r redis-cli -u "$REDIS" unlink >/dev/null || true
done
rm -f /tmp/footprint-$$.log
