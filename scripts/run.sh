#!/usr/bin/env bash
# Builds the gateway (first run downloads Maven and the dependencies) and starts it on its embedded
# defaults: HTTP on 8080 (/, /api, /ws, /actuator), chat TCP on 9000, data in ./data.
# Extra arguments go to the gateway, e.g. scripts/run.sh --gateway.http.port=8081
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -pl gateway -am install
exec java -jar gateway/target/gateway.jar "$@"
