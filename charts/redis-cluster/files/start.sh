#!/bin/sh
# Starts one Redis-compatible server (Valkey, or Redis 7.x) with the rendered redis.conf.
# Rendered into the ConfigMap <fullname>-scripts by the redis-cluster chart; the StatefulSet
# runs `sh /scripts/start.sh`. Everything that differs per pod comes from the environment:
#   REDIS_PASSWORD           required; from the Secret written by the ExternalSecret
#   REDIS_CONFIG             the rendered redis.conf (default /etc/redis/redis.conf)
#   REDIS_DATA_DIR           the persistent volume: AOF files and nodes.conf (default /data)
#   REDIS_MODE               standalone | cluster
#   POD_IP                   cluster mode: the address this node announces on the cluster bus
#   REDIS_ANNOUNCE_HOSTNAME  cluster mode: this pod's stable DNS name (headless Service)
#   REDIS_TLS_DIR            TLS on: the mounted Secret (tls.crt, tls.key, ca.crt) redis.conf names
#   REDIS_PORT               TLS on: the server's TLS port, for reloading a renewed certificate
#   TLS_RELOAD_INTERVAL_SECONDS  TLS on: how often to look for a renewed certificate (default 60)
# Extra arguments are appended to the server command line, after the config file, so they
# override it (the chart passes none; tests use them to bind to loopback on other ports).
# The password is a command-line argument, never a file: the server rewrites its process
# title at startup, so it does not stay visible in the process list.
set -eu

server=$(command -v valkey-server || command -v redis-server || true)
if [ -z "$server" ]; then
  echo "start.sh: neither valkey-server nor redis-server is on PATH" >&2
  exit 1
fi
if [ -z "${REDIS_PASSWORD:-}" ]; then
  echo "start.sh: REDIS_PASSWORD is empty; has the ExternalSecret written the Secret?" >&2
  exit 1
fi
cd "${REDIS_DATA_DIR:-/data}"

# The IPv4 address a name resolves to now, or nothing.
resolve() {
  getent hosts "$1" 2>/dev/null | awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ { print $1; exit }'
}

# Pods get new IPs when they are rescheduled. A node restarts with the peers' old IPs in
# nodes.conf and, when every pod moved at once, could reach none of them. Each peer entry
# carries the peer's announced hostname (ip:port@cport,hostname,...): rewrite the IP from it.
# The node's own entry is left alone; the server updates it from cluster-announce-ip.
refresh_peers() {
  [ -s nodes.conf ] || return 0
  : > nodes.conf.new
  while IFS= read -r line; do
    set -f
    # shellcheck disable=SC2086 # split the line into fields on purpose
    set -- $line
    set +f
    addr=${2:-}
    flags=${3:-}
    case "$addr" in
      *:*@*,*)
        host=${addr#*,}
        host=${host%%,*}
        case ",$flags," in
          *,myself,*) ;;
          *)
            ip=""
            if [ -n "$host" ]; then ip=$(resolve "$host"); fi
            if [ -n "$ip" ]; then
              line="$1 $ip:${addr#*:}${line#"$1 $addr"}"
            fi
            ;;
        esac
        ;;
    esac
    printf '%s\n' "$line" >> nodes.conf.new
  done < nodes.conf
  mv nodes.conf.new nodes.conf
}

if [ "${REDIS_MODE:-standalone}" = cluster ]; then
  if [ -z "${POD_IP:-}" ]; then
    echo "start.sh: POD_IP is empty; cluster mode needs the address to announce" >&2
    exit 1
  fi
  refresh_peers
  set -- --cluster-announce-ip "$POD_IP" --cluster-announce-hostname "${REDIS_ANNOUNCE_HOSTNAME:-}" "$@"
fi

# The server reads its certificate once, at startup. cert-manager renews it well before it expires
# (with a new key) and the kubelet swaps the mounted Secret's files; this loop notices and has the
# server load the new files in place (CONFIG SET of the same paths reloads them), so a renewal
# never restarts a pod or fails a master over. It runs next to the server and ends with it.
watch_certificate() {
  server_pid=$1
  dir=$REDIS_TLS_DIR
  cli=$(command -v valkey-cli || command -v redis-cli)
  export REDISCLI_AUTH="$REDIS_PASSWORD" VALKEYCLI_AUTH="$REDIS_PASSWORD"
  loaded=$(cat "$dir/tls.crt" "$dir/tls.key" "$dir/ca.crt" 2>/dev/null | cksum)
  while sleep "${TLS_RELOAD_INTERVAL_SECONDS:-60}" && kill -0 "$server_pid" 2>/dev/null; do
    now=$(cat "$dir/tls.crt" "$dir/tls.key" "$dir/ca.crt" 2>/dev/null | cksum)
    [ "$now" != "$loaded" ] || continue
    reply=$("$cli" --tls --cacert "$dir/ca.crt" --cert "$dir/tls.crt" --key "$dir/tls.key" \
      -h 127.0.0.1 -p "${REDIS_PORT:-6379}" config set \
      tls-cert-file "$dir/tls.crt" tls-key-file "$dir/tls.key" tls-ca-cert-file "$dir/ca.crt" 2>&1) || true
    if [ "$reply" = OK ]; then
      loaded=$now
      echo "start.sh: loaded the renewed TLS certificate from $dir"
    else
      echo "start.sh: could not load the renewed TLS certificate yet (will retry): $reply" >&2
    fi
  done
}
if [ -n "${REDIS_TLS_DIR:-}" ]; then
  # $$ is this shell, which becomes the server at exec below
  watch_certificate $$ &
fi

set -- "${REDIS_CONFIG:-/etc/redis/redis.conf}" --requirepass "$REDIS_PASSWORD" --masterauth "$REDIS_PASSWORD" "$@"
exec "$server" "$@"
