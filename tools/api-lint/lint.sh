#!/usr/bin/env bash
# The OpenAPI document's checks, with the npm tools pinned in package-lock.json (installed once by `npm ci`).
#   tools/api-lint/lint.sh lint    Spectral (spectral:oas) and Redocly (recommended): any error OR warning fails
#   tools/api-lint/lint.sh dredd   Dredd against bootstrap/target/bootstrap.jar (built when missing), with dredd-hooks.js
set -euo pipefail
cd "$(dirname "$0")"
DOC=../../bootstrap/src/main/resources/META-INF/openapi.yaml
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

command -v node >/dev/null && command -v npm >/dev/null || {
  echo "api-lint: node and npm are needed (Node.js >= 20.19; e.g. apt-get install nodejs npm)" >&2; exit 1; }
# npm ci once: again only when the lock file changed since.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "api-lint: npm ci (Spectral, Redocly, Dredd as pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi

lint() {
  echo "api-lint: Spectral $(npx --no-install spectral --version) (spectral:oas; warnings fail)"
  npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity=warn "$DOC"
  echo "api-lint: Redocly (recommended; warnings fail)"
  npx --no-install redocly lint --max-problems=200 "$DOC" 2>&1 | grep -v '[║╔╚]' | tee target-redocly.log
  # Redocly exits 0 on warnings: its summary line must say the document is clean.
  grep -q 'Your API description is valid' target-redocly.log || { echo "api-lint: Redocly found problems" >&2; exit 1; }
  rm -f target-redocly.log
}

dredd() {
  local jar=../../bootstrap/target/bootstrap.jar
  if [ ! -f "$jar" ]; then
    echo "api-lint: building $jar (./celeris build)"
    (cd ../.. && ./celeris build -q)
  fi
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export CELERIS_API_TOKEN="dredd-api-$RANDOM$RANDOM" CELERIS_ADMIN_TOKEN="dredd-admin-$RANDOM$RANDOM"
  log=$(mktemp)
  # Embedded H2 with demo data, on its own port; nothing else of the machine is touched.
  (cd ../.. && SERVER_PORT="$port" exec ./celeris run >"$log" 2>&1) &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
  local deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/observe/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "api-lint: the service did not become ready on port $port:" >&2; cat "$log" >&2; exit 1
    fi
    sleep 1
  done
  echo "api-lint: Dredd $(npx --no-install dredd --version | head -1 | cut -d' ' -f2) against http://127.0.0.1:$port"
  # HEAD is left out: Dredd 14 cannot check a response without a body to its schema, and HEAD arrives with the
  # transport work (the Java contract test validates whatever HEAD answers).
  npx --no-install dredd "$DOC" "http://127.0.0.1:$port" --hookfiles=dredd-hooks.js --loglevel=warning --no-color \
    --method=GET --method=POST --method=PUT --method=DELETE --method=OPTIONS
}

case "${1:-lint}" in
  lint) lint ;;
  dredd) dredd ;;
  *) echo "usage: $0 lint|dredd" >&2; exit 2 ;;
esac
