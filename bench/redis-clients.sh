#!/usr/bin/env bash
# What one Redis command costs the JVM, by client and by the kind of thread that waits for it (bench/RedisClients.java):
# Lettuce as the cache uses it (one shared connection, async API joined by virtual threads) against Jedis (a pooled
# connection per thread, blocking on the socket), on virtual threads and on platform threads. No service, no load
# generator: THREADS threads send commands back to back for a warm-up, then a measured window.
#
#   ./celeris bench redis-clients [--threads "1 4 16 64"] [--rounds 2] [--warmup 5] [--duration 10] [--command lookup|get]
#
# One JVM per configuration; each round runs every configuration, the order of the clients rotated every round.
# Jedis (JEDIS_VERSION, default 8.0.2) is not a dependency of the service: it is resolved with the Maven wrapper into
# the local repository for this benchmark only. Redis: CELERIS_BENCH_REDIS_HOST/_PORT (127.0.0.1:6379); keys under a
# prefix of this run's own (lookup keys expire a millisecond after they land; get keys never exist).
# Prints one line per run and, at the end, the median of the rounds per client and thread count as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

threads_list="1 4 16 64" rounds=2 warmup=5 duration=10 command=lookup
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads_list=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --command) command=$2; shift 2 ;;
    *) echo "bench redis-clients: unknown option $1" >&2; exit 2 ;;
  esac
done
: "${JAVA_HOME:?run through ./celeris bench redis-clients}"
JAVA="$JAVA_HOME/bin/java"
host=${CELERIS_BENCH_REDIS_HOST:-127.0.0.1} port=${CELERIS_BENCH_REDIS_PORT:-6379}
redis-cli -h "$host" -p "$port" ping > /dev/null || { echo "bench redis-clients: no Redis at $host:$port" >&2; exit 1; }
redis_pid=$(redis-cli -h "$host" -p "$port" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
[ -d "/proc/$redis_pid" ] || redis_pid=none

[ -f bootstrap/target/bootstrap.jar ] || ./mvnw -B -q -DskipTests package
out=bench/out/redis-clients; mkdir -p "$out"
version=${JEDIS_VERSION:-8.0.2}
cat > "$out/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.celeris.bench</groupId>
  <artifactId>redis-clients</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>redis.clients</groupId><artifactId>jedis</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
EOF
./mvnw -B -q -f "$out/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.6.0:build-classpath \
  -DexcludeArtifactIds=slf4j-api -Dmdep.outputFile=classpath.txt > "$out/maven.log" 2>&1 \
  || { cat "$out/maven.log" >&2; exit 1; }
cp="bootstrap/target/libs/*:$(cat "$out/classpath.txt")"

prefix="celeris-redis-clients-$$:"
trap 'redis-cli -h "$host" -p "$port" --scan --pattern "${prefix}*" | xargs -r -n 500 redis-cli -h "$host" -p "$port" unlink > /dev/null' EXIT
clients=(lettuce jedis jedis-platform)
results=$out/results-$$.txt; : > "$results"
for round in $(seq 1 "$rounds"); do
  for threads in $threads_list; do
    for i in 0 1 2; do
      client=${clients[$(( (i + round - 1) % 3 ))]}
      line=$("$JAVA" -Dclk.tck="$(getconf CLK_TCK)" -cp "$cp" bench/RedisClients.java "$client" "$threads" "$warmup" \
        "$duration" "$command" "$host" "$port" "$redis_pid" "$prefix" 2> "$out/$client-$threads.log" | tail -n 1) \
        || { echo "bench redis-clients: $client with $threads threads failed:" >&2; cat "$out/$client-$threads.log" >&2; exit 1; }
      echo "round $round: $line"
      echo "$line" >> "$results"
    done
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s|.* $1=\([0-9.]*\).*|\1|p"; }
echo
echo "| threads | client | ops/s | µs JVM CPU per command | µs Redis CPU per command |"
echo "|---|---|---|---|---|"
for threads in $threads_list; do
  for client in "${clients[@]}"; do
    rows=$(grep "^$client $command threads=$threads " "$results")
    redis_cpu=-
    [ "$redis_pid" = none ] || redis_cpu=$(printf '%.1f' "$(field 'redis_us/op' <<< "$rows" | median)")
    printf '| %s | %s | %.0f | %.1f | %s |\n' "$threads" "$client" "$(field 'ops/s' <<< "$rows" | median)" \
      "$(field 'jvm_us/op' <<< "$rows" | median)" "$redis_cpu"
  done
done
echo
echo "Command: ./celeris bench redis-clients --threads \"$threads_list\" --rounds $rounds --warmup $warmup --duration $duration --command $command"
echo "($rounds rounds, medians; Jedis $version; Redis $(redis-cli -h "$host" -p "$port" info server | tr -d '\r' | sed -n 's/^redis_version://p'))"
echo "(raw lines: $results)"
