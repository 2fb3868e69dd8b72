#!/usr/bin/env bash
# Browser check of the Hawtio console: starts the local run (./mvnw spring-boot:test-run, embedded SQS, S3 and
# PostgreSQL with the demo feed), waits until routes have processed messages, opens Hawtio's Camel routes view
# in headless Chromium, saves target/hawtio/routes.png, and checks that the page lists every route of routes/.
# Uses Debian's `chromium` when present and installs nothing; without it the check is skipped (exit 0).
#   docker/hawtio-screenshot.sh            environment: PORT (18480), OPERATOR_USER / OPERATOR_PASSWORD
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18480}"
OUT=target/hawtio
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$CHROMIUM" ]]; then
  echo "hawtio-screenshot: no chromium on this machine, skipped (apt-get install -y chromium)"
  exit 0
fi
mkdir -p "$OUT"
# the local run's operator (LocalLakeApplication); /actuator/** needs HTTP Basic
OPERATOR_USER="${OPERATOR_USER-operator}"
OPERATOR_PASSWORD="${OPERATOR_PASSWORD-operator}"
CURL_AUTH=()
if [[ -n "${OPERATOR_USER:-}" ]]; then
  CURL_AUTH=(-u "${OPERATOR_USER}:${OPERATOR_PASSWORD:-}")
fi
BASE="http://localhost:${PORT}"

# the local run in a process group of its own, so that it can be stopped with everything it started
setsid ./mvnw -B -q spring-boot:test-run -Dspring-boot.run.arguments="--server.port=${PORT}" \
  > "$OUT/local-run.log" 2>&1 &
RUN_PID=$!
stop() {
  kill -TERM -- "-$RUN_PID" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$RUN_PID" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$RUN_PID" 2>/dev/null || true
}
trap stop EXIT

echo "waiting for the local run on port $PORT ..."
ROUTE="org.apache.camel:context=security-lake-subscriber,type=routes,name=%22lake-notifications%22"
for i in $(seq 240); do
  if curl -fsS "${CURL_AUTH[@]}" "$BASE/actuator/jolokia/read/$ROUTE/ExchangesCompleted" 2>/dev/null \
      | grep -q '"value":[1-9]'; then
    break
  fi
  kill -0 "$RUN_PID" 2>/dev/null || { echo "the local run stopped:"; tail -30 "$OUT/local-run.log"; exit 1; }
  [[ $i == 240 ]] && { echo "no message processed after 4 minutes"; exit 1; }
  sleep 1
done

# Chromium goes through a loopback proxy that adds the operator's credentials to every request (Chromium would
# send credentials in the URL only with the first navigation, not with the console's own calls)
URL="$BASE/actuator/hawtio/camel/routes"
if [[ -n "${OPERATOR_USER:-}" ]]; then
  PROXY_PORT="${PROXY_PORT:-18481}"
  python3 docker/basic-auth-proxy.py "$PROXY_PORT" "$BASE" "${OPERATOR_USER}:${OPERATOR_PASSWORD:-}" &
  PROXY_PID=$!
  trap 'kill "$PROXY_PID" 2>/dev/null || true; stop' EXIT
  sleep 1
  URL="http://localhost:${PROXY_PORT}/actuator/hawtio/camel/routes"
fi
chrome() {
  local profile
  profile="$(mktemp -d)"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1400,900 \
    --virtual-time-budget=15000 "$@" "$URL" 2>/dev/null
  rm -rf "$profile"
}
chrome --screenshot="$OUT/routes.png" > /dev/null
chrome --dump-dom > "$OUT/routes.html"

# the routes view must name every route the YAML files declare
missing=0
for id in $(awk '/^- route:/{r=1; next} r && /^    id:/{print $2; r=0}' routes/*.camel.yaml); do
  if grep -q ">${id}<" "$OUT/routes.html"; then echo "route $id shown"; else echo "route $id NOT shown"; missing=1; fi
done
[[ -s "$OUT/routes.png" ]] || { echo "no screenshot written"; exit 1; }
[[ $missing == 0 ]] || exit 1
echo "screenshot: $OUT/routes.png"
