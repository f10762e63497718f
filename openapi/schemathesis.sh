#!/usr/bin/env bash
# Property-based API test (issue 21): schemathesis against a running `santunan serve` and openapi/santunan.yaml.
# Bounded: a few examples per operation and an overall time limit; passes when no response is a 5xx and every
# response conforms to the document. Uses a throwaway embedded cluster (SANTUNAN_PGDATA), stopped at the end.
#
#   openapi/schemathesis.sh [path/to/santunan]      (default .build/debug/santunan)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bin="${1:-$repo/.build/debug/santunan}"
command -v schemathesis >/dev/null 2>&1 || pip install -q --disable-pip-version-check schemathesis >/dev/null
home="$(mktemp -d /tmp/santunan-st-XXXXXX)"
chmod 755 "$home"
export SANTUNAN_PGDATA="$home/pg"
port=$((20000 + RANDOM % 10000))
# One token per role: each role's run reaches its own operations (an officer's submissions, an approver's batches,
# an auditor's ledger and participants) and gets the documented 403 on the others.
declare -A tokens
for role in officer approver auditor; do
    tokens[$role]="$("$bin" user add "st-$role" --role "$role")"
done
"$bin" serve --port "$port" --rate-limit 0 2>"$home/serve.log" &
server=$!
cleanup() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    pg_ctl="$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)"
    # The embedded cluster runs as the data directory's owner (the postgres account when started by root).
    if [ -d "$home/pg" ]; then
        owner="$(stat -c %U "$home/pg")"
        if [ "$(id -un)" = "$owner" ]; then
            "$pg_ctl" -D "$home/pg" -m fast stop >/dev/null 2>&1 || true
        else
            runuser -u "$owner" -- "$pg_ctl" -D "$home/pg" -m fast stop >/dev/null 2>&1 || true
        fi
    fi
    rm -rf "$home"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
# From the scratch directory: schemathesis leaves its .hypothesis/ and .schemathesis/ state there, not in the checkout.
cd "$home"
status=0
for role in officer approver auditor; do
    echo "schemathesis as the $role"
    timeout 200 schemathesis run "$repo/openapi/santunan.yaml" --url "http://127.0.0.1:$port" \
        --header "Authorization: Bearer ${tokens[$role]}" \
        --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
        --max-examples 10 --seed 21 --no-color || status=1
done
exit $status
