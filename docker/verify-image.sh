#!/usr/bin/env bash
# Builds the container image with podman and checks it against the embedded lake: the container starts,
# /actuator/health is UP, its own HEALTHCHECK passes, it stores the announced demo events in both tenants'
# stores, and it logs JSON. Prints the image size. Not part of .ci/run: it needs root, podman, runc and
# debootstrap (apt-get install -y podman runc debootstrap) and takes several minutes.
#   docker/verify-image.sh      environment: PORT (18580), IMAGE (localhost/security-lake-subscriber:verify),
#                               BASE_IMAGE (made by podman-base-image.sh when absent), OPERATOR_USER/PASSWORD
#                               (the operator the container is given; made up for the run when absent)
# The jar is built on the host and copied in (JAR_FROM=prebuilt), reusing the host's Maven repository and needing
# no JDK base image; the in-image build stage (JAR_FROM=build) is what `docker build` runs on a machine with Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/docker/podman-containers.conf}"
PORT="${PORT:-18580}"
IMAGE="${IMAGE:-localhost/security-lake-subscriber:verify}"
BASE_IMAGE="${BASE_IMAGE:-localhost/lake-jre17:latest}"
WORK="target/verify-image"
NAME="lake-verify-$$"
OPERATOR_USER="${OPERATOR_USER:-verify}"
OPERATOR_PASSWORD="${OPERATOR_PASSWORD:-verify-$$-$RANDOM}"
CURL_AUTH=(-u "${OPERATOR_USER}:${OPERATOR_PASSWORD}")
mkdir -p "$WORK"
rm -f "$WORK/lake.env"

docker/podman-base-image.sh "$BASE_IMAGE"
echo "== package and test classpath"
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"

echo "== build $IMAGE on $BASE_IMAGE"
podman build --format docker --network host -f docker/Dockerfile --build-arg BASE_IMAGE="$BASE_IMAGE" \
  --build-arg BUILDER_IMAGE="$BASE_IMAGE" --build-arg JAR_FROM=prebuilt -t "$IMAGE" . > "$WORK/build.log"

echo "== embedded lake with demo objects"
setsid java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" \
  io.securitylake.subscriber.ops.ImageCheckLake "$PWD/$WORK/lake.env" > "$WORK/lake.log" 2>&1 &
LAKE_PID=$!
cleanup() {
  podman logs "$NAME" > "$WORK/container.log" 2>&1 || true
  podman rm -f "$NAME" > /dev/null 2>&1 || true
  kill -TERM -- "-$LAKE_PID" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$LAKE_PID" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$LAKE_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 120); do [[ -f "$WORK/lake.env" ]] && break; sleep 1; done
[[ -f "$WORK/lake.env" ]] || { echo "embedded lake did not start"; tail -20 "$WORK/lake.log"; exit 1; }

echo "== run the image"
podman --runtime runc run -d --name "$NAME" --network host --env-file "$WORK/lake.env" \
  -e SERVER_PORT="$PORT" -e LAKE_OPERATOR_USERNAME="$OPERATOR_USER" -e LAKE_OPERATOR_PASSWORD="$OPERATOR_PASSWORD" \
  "$IMAGE" > /dev/null

fail() { echo "FAILED: $1"; podman logs --tail 30 "$NAME" 2>&1 || true; exit 1; }
up=""
for _ in $(seq 180); do
  if curl -fsS "http://localhost:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=yes; break; fi
  [[ "$(podman inspect -f '{{.State.Running}}' "$NAME")" == "true" ]] || fail "container exited"
  sleep 1
done
[[ -n "$up" ]] || fail "/actuator/health not UP after 3 minutes"
echo "health UP; readiness $(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/actuator/health/readiness")"
podman healthcheck run "$NAME" > /dev/null || fail "the image's HEALTHCHECK failed"
echo "HEALTHCHECK passes"

stored=""
for _ in $(seq 120); do
  line="$(grep '^stored ' "$WORK/lake.log" | tail -1 || true)"
  if [[ "$line" =~ acme=([1-9][0-9]*)\ globex=([1-9][0-9]*) ]]; then stored="$line"; break; fi
  sleep 1
done
[[ -n "$stored" ]] || fail "no events stored ($(grep '^stored ' "$WORK/lake.log" | tail -1))"
echo "events $stored"
metric="$(curl -fsS "${CURL_AUTH[@]}" "http://localhost:$PORT/actuator/prometheus" | grep '^lake_events_stored_total' | head -1 || true)"
[[ -n "$metric" ]] || fail "no lake_events_stored_total at /actuator/prometheus"
echo "metric $metric"
heap="$(curl -fsS "${CURL_AUTH[@]}" "http://localhost:$PORT/actuator/prometheus" \
  | awk '/^jvm_memory_used_bytes\{.*area="heap"/{s+=$NF} END{printf "%.0f MB", s/1e6}')"
echo "heap used after the demo objects: $heap; container: $(podman stats --no-stream --format '{{.MemUsage}}' "$NAME" 2>/dev/null || echo n/a)"
podman logs "$NAME" > "$WORK/container.log" 2>&1
grep -q '^{.*"message":"object done tenant=' "$WORK/container.log" || fail "no JSON log line for a stored object"
echo "JSON logs: $(grep -m1 '"message":"object done tenant=' "$WORK/container.log" | cut -c1-160)..."
secret="$(grep AWS_SECRET_ACCESS_KEY "$WORK/lake.env" | cut -d= -f2)"
if grep -qF "$secret" "$WORK/container.log"; then fail "a secret is in the logs"; fi

echo "image $IMAGE: $(podman image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
echo "verify-image: OK"
