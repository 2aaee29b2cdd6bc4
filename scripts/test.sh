#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine with only a JDK: installs what the tests use, then
# builds every module and runs unit tests (surefire) and the tests against the packaged gateway (failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
./mvnw -B verify "$@"
