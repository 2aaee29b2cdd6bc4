#!/usr/bin/env bash
# Installs, from Debian's packages, the programs the test suite starts for real. Idempotent: only
# missing packages are installed. redis-server (cluster store), ffmpeg/ffprobe (live media),
# nginx with the stream and rtmp modules (front and media baseline), chromium (browser tests), curl,
# tstools (tsreport checks the MPEG-TS timing), coturn (the TURN relay of calls).
set -euo pipefail
cd "$(dirname "$0")"
PACKAGES=(redis-server ffmpeg nginx libnginx-mod-stream libnginx-mod-rtmp chromium curl tstools coturn)
# node and npm build the web client and run the JavaScript clients (tus-js-client, Playwright);
# Debian's are enough where none is installed.
command -v npm >/dev/null || PACKAGES+=(nodejs npm)
./apt-ensure.sh "${PACKAGES[@]}"
