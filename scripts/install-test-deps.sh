#!/usr/bin/env bash
# Installs, from Debian's packages, the programs the test suite starts for real. Idempotent: only
# missing packages are installed. redis-server (cluster store), ffmpeg/ffprobe (live media),
# nginx with the stream and rtmp modules (front and media baseline), chromium (browser tests).
set -euo pipefail
PACKAGES=(redis-server ffmpeg nginx libnginx-mod-stream libnginx-mod-rtmp chromium curl)
# node and npm run the JavaScript clients (tus-js-client, Playwright); Debian's are enough where none is installed.
command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing test dependencies: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
