#!/bin/sh
# Forms the Redis Cluster, or completes it. Safe to run again at any time: the chart runs it as
# an Argo CD PostSync hook (and Helm post-install/post-upgrade hook) after every sync.
#   - every node empty and alone         -> create the cluster (masters + replicas per master);
#   - the cluster is formed              -> change nothing (but see zones below); check its
#                                           health and exit 0;
#   - a formed cluster plus empty nodes  -> add only those nodes: as masters (then rebalance
#                                           slots onto them) while fewer than REDIS_MASTERS
#                                           masters own slots, else as replicas.
# Zones (when REDIS_PODS is set; docs/decisions.md#redis-replica-zones): every replica goes to a
# zone other than its master's, so losing a zone never takes a master and its replica. The script
# reads each pod's zone (its node's topology label) from the Kubernetes API; a new cluster gets
# its masters spread over the zones and its replicas placed by pair-replicas.awk (deterministic);
# an added replica goes to a master in another zone; a replica of a formed cluster that shares
# its master's zone is moved (CLUSTER REPLICATE) to a master in another zone. When no such
# placement exists (too few zones) it stops before changing anything. Without REDIS_PODS,
# redis-cli pairs the replicas (it only keeps them off their master's host).
# Every path ends the same way: it exits 0 only once every node serves all slots, all nodes agree
# on roles and slots, and every replica has synced with its master.
# A half-formed cluster (nodes that know each other but slots missing), or a lone node that
# holds keys, stops the script with the command to inspect it: that needs a human, not a guess.
# Environment (in Kubernetes from the Job; the addresses are the pods' headless-Service names):
#   REDIS_NODES                space-separated host:port of every node, e.g.
#                              "redis-0.redis-headless.infrastructure.svc.cluster.local:6379 ..."
#   REDIS_MASTERS              number of masters (at least 3)
#   REDIS_REPLICAS_PER_MASTER  replicas per master
#   REDIS_PASSWORD             the password; handed to the CLI through its environment only
#   BOOTSTRAP_TIMEOUT_SECONDS  how long to wait for nodes and cluster state (default 300)
#   REDIS_TLS_DIR              set when the servers serve TLS only: the CA and a certificate to
#                              present (the pods' own, mounted from the Secret cert-manager writes)
#   REDIS_PODS                 zone-aware placement: the pod of each REDIS_NODES entry, same order
#   POD_NAMESPACE              the pods' namespace
#   ZONE_LABEL                 the node label naming the zone (default topology.kubernetes.io/zone)
#   KUBE_API_DIR               token and ca.crt of the Job's service account
#   KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT  the API server (set by the kubelet)
set -eu

log() { printf 'bootstrap: %s\n' "$*"; }
die() {
  printf 'bootstrap: ERROR: %s\n' "$*" >&2
  exit 1
}

cli=$(command -v valkey-cli || command -v redis-cli || true)
[ -n "$cli" ] || die "neither valkey-cli nor redis-cli is on PATH"
[ -n "${REDIS_NODES:-}" ] || die "REDIS_NODES is empty"
[ -n "${REDIS_PASSWORD:-}" ] || die "REDIS_PASSWORD is empty; has the ExternalSecret written the Secret?"
masters_wanted=${REDIS_MASTERS:?REDIS_MASTERS is not set}
replicas_wanted=${REDIS_REPLICAS_PER_MASTER:?REDIS_REPLICAS_PER_MASTER is not set}
export REDISCLI_AUTH="$REDIS_PASSWORD" VALKEYCLI_AUTH="$REDIS_PASSWORD"
deadline=$(($(date +%s) + ${BOOTSTRAP_TIMEOUT_SECONDS:-300}))
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bootstrap.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Every node gets a key, its position in REDIS_NODES (1, 2, ...): the tables in $work map keys
# to addresses (nodes), pods (pods), zones (zones) and node ids (ids), one "key value" a line.
i=0
for n in $REDIS_NODES; do
  i=$((i + 1))
  printf '%s %s\n' "$i" "$n"
done > "$work/nodes"
zoned=no
if [ -n "${REDIS_PODS:-}" ]; then
  zoned=yes
  j=0
  for p in $REDIS_PODS; do
    j=$((j + 1))
    printf '%s %s\n' "$j" "$p"
  done > "$work/pods"
  [ "$j" -eq "$i" ] || die "REDIS_PODS names $j pods, but REDIS_NODES lists $i nodes (same order, one pod per node)"
fi
# lookup table key : the value of key in a table.
lookup() { awk -v k="$2" '$1 == k { print $2; exit }' "$work/$1"; }
# describe key : "address (pod, zone)" for the log.
describe() {
  if [ "$zoned" = yes ]; then
    printf '%s (%s, zone %s)' "$(lookup nodes "$1")" "$(lookup pods "$1")" "$(lookup zones "$1")"
  else
    lookup nodes "$1"
  fi
}

# rcli args... : the CLI, over TLS when the servers serve TLS only.
rcli() {
  if [ -n "${REDIS_TLS_DIR:-}" ]; then
    "$cli" --tls --cacert "$REDIS_TLS_DIR/ca.crt" --cert "$REDIS_TLS_DIR/tls.crt" --key "$REDIS_TLS_DIR/tls.key" "$@"
  else
    "$cli" "$@"
  fi
}
# node_cli host:port command... : one command against one node.
node_cli() {
  addr=$1
  shift
  rcli -h "${addr%:*}" -p "${addr##*:}" "$@"
}
# info_field host:port field : one field of CLUSTER INFO (empty when the node cannot say).
info_field() { node_cli "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }

# wait_for description command... : retries the command until it succeeds or time runs out.
wait_for() {
  what=$1
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${BOOTSTRAP_TIMEOUT_SECONDS:-300}s waiting for $what"
    sleep 1
  done
}
all_answer() {
  for n in $REDIS_NODES; do
    if [ "$(node_cli "$n" ping 2>/dev/null)" != PONG ]; then
      log "waiting for $n to answer PING"
      return 1
    fi
  done
}
all_state_ok() {
  for n in $REDIS_NODES; do [ "$(info_field "$n" cluster_state)" = ok ] || return 1; done
}
members_see_all_slots() {
  for n in $members; do [ "$(info_field "$n" cluster_slots_assigned)" = 16384 ] || return 1; done
}
# view host:port : a node's view of roles and slots (node id, flags without "myself", master, slots).
view() {
  node_cli "$1" cluster nodes 2>/dev/null | tr -d '\r' |
    awk '{ f = $3; sub(/myself,/, "", f); printf "%s %s %s", $1, f, $4; for (i = 9; i <= NF; i++) printf " %s", $i; printf "\n" }' |
    sort
}
all_agree() {
  first=""
  for n in $REDIS_NODES; do
    v=$(view "$n")
    [ -n "$v" ] || return 1
    if [ -z "$first" ]; then
      first=$v
    elif [ "$v" != "$first" ]; then
      return 1
    fi
  done
}
replicas_in_sync() {
  for n in $REDIS_NODES; do
    r=$(node_cli "$n" info replication 2>/dev/null | tr -d '\r')
    case "$r" in
      *role:slave*) case "$r" in *master_link_status:up*) ;; *) return 1 ;; esac ;;
    esac
  done
}
# The cluster is usable and every node says so: slots served, one shared view of roles and
# slots (gossip has converged), every replica synced with its master.
settle() {
  wait_for "cluster_state:ok on every node" all_state_ok
  wait_for "every node to agree on roles and slots" all_agree
  wait_for "every replica to finish syncing with its master" replicas_in_sync
}

# api_get path : the body of a GET on the Kubernetes API with the Job's service account. The
# server image has openssl but no curl: HTTP/1.0 (no chunked replies) over openssl s_client,
# which checks the API server's certificate against the service account's CA and its name.
api_get() {
  host=${KUBERNETES_SERVICE_HOST:?KUBERNETES_SERVICE_HOST is not set; zone-aware placement reads the Kubernetes API}
  case $host in *:*) host="[$host]" ;; esac
  dir=${KUBE_API_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}
  printf 'GET %s HTTP/1.0\r\nHost: kubernetes.default.svc\r\nAuthorization: Bearer %s\r\nAccept: application/json\r\n\r\n' \
    "$1" "$(cat "$dir/token")" |
    timeout 30 openssl s_client -quiet -connect "$host:${KUBERNETES_SERVICE_PORT:-443}" \
      -servername kubernetes.default.svc -verify_hostname kubernetes.default.svc \
      -CAfile "$dir/ca.crt" -verify_return_error 2> "$work/openssl.err" | tr -d '\r' > "$work/response" || true
  status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$work/response")
  if [ "$status" != 200 ]; then
    printf 'GET %s: %s\n' "$1" "$(if [ -n "$status" ]; then sed -n '1p;$p' "$work/response"; else tail -n 2 "$work/openssl.err"; fi | tr '\n' ' ')" >&2
    return 1
  fi
  sed '1,/^$/d' "$work/response"
}
# json_string key : the value of "key":"..." in the (one-line) JSON on stdin.
json_string() {
  k=$(printf '%s' "$1" | sed 's/[./]/\\&/g')
  sed -n "s/.*\"$k\":\"\([^\"]*\)\".*/\1/p" | head -n 1
}
# load_zones : the zones table, from each pod's node's zone label.
load_zones() {
  [ ! -e "$work/zones" ] || return 0
  label=${ZONE_LABEL:-topology.kubernetes.io/zone}
  namespace=${POD_NAMESPACE:?POD_NAMESPACE is not set}
  while read -r k pod; do
    body=$(api_get "/api/v1/namespaces/$namespace/pods/$pod") ||
      die "cannot read pod $pod from the Kubernetes API (the bootstrap Role allows get on the server pods, and its CiliumNetworkPolicy the API server)"
    node=$(printf '%s\n' "$body" | json_string nodeName)
    [ -n "$node" ] || die "pod $pod is not on a node yet"
    body=$(api_get "/api/v1/nodes/$node") ||
      die "cannot read node $node from the Kubernetes API (the bootstrap ClusterRole allows get on nodes)"
    zone=$(printf '%s\n' "$body" | json_string "$label")
    [ -n "$zone" ] || die "node $node (of pod $pod) has no label $label, so its zone is unknown"
    printf '%s %s\n' "$k" "$zone"
  done < "$work/pods" > "$work/zones.new"
  mv "$work/zones.new" "$work/zones"
  log "zones: $(awk 'NR == FNR { z[$1] = $2; next } { printf "%s=%s ", $2, z[$1] }' "$work/zones" "$work/pods")"
}
# load_ids : the ids table, from every node.
load_ids() {
  while read -r k addr; do
    printf '%s %s\n' "$k" "$(node_cli "$addr" cluster myid < /dev/null | tr -d '\r')"
  done < "$work/nodes" > "$work/ids"
}
# pair what-changed : pair-replicas.awk on $work/input (M and R lines) into $work/pairing, with
# room for every replica; stops with the zones (and what-changed) when no placement keeps each
# replica out of its master's zone.
pair() {
  nm=$(grep -c '^M ' "$work/input" || true)
  nr=$(grep -c '^R ' "$work/input" || true)
  [ "$nm" -gt 0 ] || die "no master owns slots; nothing to place replicas with"
  cap=$(((nr + nm - 1) / nm))
  [ "$cap" -ge "$replicas_wanted" ] || cap=$replicas_wanted
  if ! awk -v mode=pairs -v cap="$cap" -f "$here/pair-replicas.awk" "$work/input" > "$work/pairing"; then
    die "cannot place every replica in a zone other than its master's (unplaced: $(awk '$1 == "unplaced" { print $2 }' "$work/pairing" | while read -r k; do printf '%s; ' "$(describe "$k")"; done)); pods per zone: $(awk '{ print $2 }' "$work/zones" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }'); spread the pods over more zones, or turn bootstrap.zones off. $1"
  fi
}
# place_replicas entry new... : moves replicas of the formed cluster out of their master's zone
# and adds the empty nodes with the given keys as replicas, as pair-replicas.awk says. Sets moved.
place_replicas() {
  entry=$1
  shift
  load_zones
  load_ids
  node_cli "$entry" cluster nodes < /dev/null | tr -d '\r' > "$work/cluster-nodes"
  awk -v new="$*" '
    FILENAME == ARGV[1] { zone[$1] = $2; next }
    FILENAME == ARGV[2] { key[$2] = $1; next }
    !($1 in key) || $3 ~ /fail|handshake|noaddr/ { next }
    $3 ~ /master/ && NF > 8 { print "M", key[$1], zone[key[$1]]; next }
    $3 ~ /slave/ { print "R", key[$1], zone[key[$1]], (($4 in key) ? key[$4] : "-") }
    END { n = split(new, k, " "); for (i = 1; i <= n; i++) print "R", k[i], zone[k[i]], "-" }
  ' "$work/zones" "$work/ids" "$work/cluster-nodes" | sort -k1,1 -k2,2n > "$work/input"
  pair "No replica was added or moved"
  moved=0
  while read -r r m <&3; do
    current=$(awk -v k="$r" '$1 == "R" && $2 == k { print $4 }' "$work/input")
    [ "$current" != "$m" ] || continue
    case " $* " in
      *" $r "*)
        log "adding $(describe "$r") as a replica of $(describe "$m")"
        rcli --cluster add-node "$(lookup nodes "$r")" "$entry" --cluster-slave --cluster-master-id "$(lookup ids "$m")" < /dev/null
        ;;
      *)
        log "moving replica $(describe "$r") to $(describe "$m"): its master was $([ "$current" = - ] && echo "not a node of REDIS_NODES" || describe "$current")"
        reply=$(node_cli "$(lookup nodes "$r")" cluster replicate "$(lookup ids "$m")" < /dev/null | tr -d '\r')
        [ "$reply" = OK ] || die "CLUSTER REPLICATE on $(lookup nodes "$r") failed: $reply"
        moved=$((moved + 1))
        ;;
    esac
  done 3< "$work/pairing"
}

wait_for "every node to answer" all_answer

# Sort the nodes: empty ones that know no peer, and members of a cluster.
empty=""
members=""
for n in $REDIS_NODES; do
  known=$(info_field "$n" cluster_known_nodes)
  slots=$(info_field "$n" cluster_slots_assigned)
  [ -n "$known" ] || die "$n gives no CLUSTER INFO; is cluster-enabled yes set in its redis.conf?"
  if [ "$known" = 1 ] && [ "$slots" = 0 ]; then
    keys=$(node_cli "$n" dbsize | tr -d '\r')
    [ "$keys" = 0 ] || die "$n is in no cluster but holds $keys keys; inspect it (redis-cli -h ${n%:*} -p ${n##*:} info keyspace, with --tls when TLS is on) before adding it"
    empty="$empty $n"
  else
    members="$members $n"
  fi
done

if [ -z "$members" ]; then
  count=$(echo "$REDIS_NODES" | wc -w)
  expected=$((masters_wanted * (1 + replicas_wanted)))
  [ "$count" -eq "$expected" ] || die "REDIS_NODES lists $count nodes, but $masters_wanted masters with $replicas_wanted replicas each need $expected"
  if [ "$zoned" = no ] || [ "$replicas_wanted" -eq 0 ]; then
    log "creating the cluster: $masters_wanted masters, $replicas_wanted replica(s) per master, $count nodes"
    # shellcheck disable=SC2086 # one argument per node
    rcli --cluster create $REDIS_NODES --cluster-replicas "$replicas_wanted" --cluster-yes
    settle
    log "cluster created"
    exit 0
  fi
  # Zones: the masters first, spread over the zones, then each replica with the master the
  # placement gives it; all of it decided before anything changes.
  load_zones
  awk -v mode=masters -v masters="$masters_wanted" -f "$here/pair-replicas.awk" "$work/zones" > "$work/masters"
  awk 'NR == FNR { m[$1] = 1; next } { print (($1 in m) ? "M " $1 " " $2 : "R " $1 " " $2 " -") }' \
    "$work/masters" "$work/zones" | sort -k1,1 -k2,2n > "$work/input"
  pair "Nothing was changed"
  load_ids
  log "creating the cluster: $masters_wanted masters ($(while read -r k; do printf '%s; ' "$(describe "$k")"; done < "$work/masters")then $((count - masters_wanted)) replicas, each in another zone than its master"
  # shellcheck disable=SC2046 # one argument per master
  rcli --cluster create $(while read -r k; do lookup nodes "$k"; done < "$work/masters") --cluster-replicas 0 --cluster-yes
  entry=$(lookup nodes "$(head -n 1 "$work/masters")")
  while read -r r m <&3; do
    log "adding $(describe "$r") as a replica of $(describe "$m")"
    rcli --cluster add-node "$(lookup nodes "$r")" "$entry" --cluster-slave --cluster-master-id "$(lookup ids "$m")" < /dev/null
  done 3< "$work/pairing"
  settle
  log "cluster created"
  exit 0
fi

# shellcheck disable=SC2086 # the first member
set -- $members
entry=$1
wait_for "every member to see all 16384 slots assigned (if this times out the cluster is half-formed: run redis-cli --cluster check $entry, then --cluster fix)" members_see_all_slots

if [ -z "$empty" ]; then
  settle
  moved=0
  if [ "$zoned" = yes ] && { [ "$replicas_wanted" -gt 0 ] || node_cli "$entry" cluster nodes | grep -q slave; }; then
    place_replicas "$entry"
  fi
  if [ "$moved" -gt 0 ]; then
    settle
    rcli --cluster check "$entry" || die "the cluster check failed after moving replicas"
    log "moved $moved replica(s) to a master in another zone"
    exit 0
  fi
  rcli --cluster check "$entry" || die "the cluster check failed; nothing was changed"
  log "the cluster is already formed; nothing to do"
  exit 0
fi

masters=$(node_cli "$entry" cluster nodes | awk '$3 ~ /master/ && $3 !~ /fail/ && NF > 8' | wc -l)
rebalance=no
replicas=""
for n in $empty; do
  if [ "$masters" -lt "$masters_wanted" ]; then
    log "adding $n as a master ($masters of $masters_wanted masters own slots)"
    rcli --cluster add-node "$n" "$entry"
    masters=$((masters + 1))
    rebalance=yes
  elif [ "$zoned" = yes ]; then
    replicas="$replicas $(awk -v a="$n" '$2 == a { print $1 }' "$work/nodes")"
  else
    log "adding $n as a replica"
    rcli --cluster add-node "$n" "$entry" --cluster-slave
  fi
done
if [ "$rebalance" = yes ]; then
  log "moving slots onto the new masters"
  rcli --cluster rebalance "$entry" --cluster-use-empty-masters
fi
if [ -n "$replicas" ]; then
  # shellcheck disable=SC2086 # one argument per key
  place_replicas "$entry" $replicas
fi
settle
rcli --cluster check "$entry" || die "the cluster check failed after adding nodes"
log "added:$empty"
