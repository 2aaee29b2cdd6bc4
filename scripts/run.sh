#!/usr/bin/env bash
# Builds the gateway (first run downloads Maven and the dependencies, and installs Debian's node and npm
# if there are none, for the web client's bundle) and starts it on its embedded defaults: HTTP on 8080
# (/, /api, /ws, /files, /hls, /actuator), chat TCP on 9000, RTMP on 1935, data in ./data.
# Extra arguments go to the gateway, e.g. scripts/run.sh --gateway.http.port=8081
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || scripts/apt-ensure.sh nodejs npm
./mvnw -B -q -DskipTests -pl gateway -am install
exec java -jar gateway/target/gateway.jar "$@"
