#!/usr/bin/env bash
# The two set-up commands of the README, for a fresh Debian 12 machine that has only the Swift toolchain:
#   ./run.sh demo   installs what is missing, builds, and runs `santunan demo` (embedded PostgreSQL)
#   ./run.sh test   installs what is missing, builds, and runs every test (each test run starts its own PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")"

install_missing() {
    local missing=0
    command -v pg_config >/dev/null 2>&1 || missing=1
    if [ "$missing" -eq 0 ] && [ ! -f "$(pg_config --includedir)/libpq-fe.h" ]; then missing=1; fi
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing=1
    # libxml2's headers and pkg-config file: XML is parsed and validated in process (docs/decisions/0019-libxml2.md).
    pkg-config --exists libxml-2.0 2>/dev/null || missing=1
    if [ "$missing" -eq 1 ]; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "run.sh: installing postgresql libpq-dev libxml2-dev pkg-config" >&2
        $sudo apt-get update -q
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql libpq-dev libxml2-dev pkg-config
    fi
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
    demo)
        install_missing
        swift build -c release --product santunan
        exec .build/release/santunan demo "$@"
        ;;
    test)
        install_missing
        # The property-based API test (issue 21): schemathesis (from PyPI) against `santunan serve` and
        # openapi/santunan.yaml, bounded in examples and time; only for the full run, not a filtered one. It runs
        # first, so that the test runner's own summary is the run's last line.
        if [ $# -eq 0 ]; then
            swift build --build-tests
            openapi/schemathesis.sh .build/debug/santunan
        fi
        exec swift test "$@"
        ;;
    *)
        echo "usage: ./run.sh demo | ./run.sh test" >&2
        exit 64
        ;;
esac
