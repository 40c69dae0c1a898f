#!/bin/sh
# Probe of the local server: `ping.sh readiness` needs PONG; `ping.sh liveness` also accepts
# LOADING (the AOF is being replayed after a restart) and MASTERDOWN (a replica whose master
# is away), which are no reason to restart the container.
# Environment: REDIS_PASSWORD, REDIS_PORT (default 6379), PROBE_TIMEOUT_SECONDS (default 4),
# REDIS_TLS_DIR (set when the server serves TLS only: the CA and the pod's certificate).
set -eu

cli=$(command -v valkey-cli || command -v redis-cli)
# The CLI reads the password from the environment, so it is never on a command line.
export REDISCLI_AUTH="${REDIS_PASSWORD:-}" VALKEYCLI_AUTH="${REDIS_PASSWORD:-}"
kind=${1:-readiness}
if [ -n "${REDIS_TLS_DIR:-}" ]; then
  set -- --tls --cacert "$REDIS_TLS_DIR/ca.crt" --cert "$REDIS_TLS_DIR/tls.crt" --key "$REDIS_TLS_DIR/tls.key"
else
  set --
fi
reply=$(timeout "${PROBE_TIMEOUT_SECONDS:-4}" "$cli" "$@" -h 127.0.0.1 -p "${REDIS_PORT:-6379}" ping 2>&1) || true
case "$kind:$reply" in
  *:PONG) exit 0 ;;
  liveness:*LOADING* | liveness:*MASTERDOWN*) exit 0 ;;
esac
echo "ping.sh $kind: expected PONG, got: $reply" >&2
exit 1
