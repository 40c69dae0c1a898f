#!/bin/sh
# Forms the Redis Cluster, or completes it. Safe to run again at any time: the chart runs it as
# an Argo CD PostSync hook (and Helm post-install/post-upgrade hook) after every sync.
#   - every node empty and alone         -> create the cluster (masters + replicas per master);
#   - the cluster is formed              -> change nothing; check its health and exit 0;
#   - a formed cluster plus empty nodes  -> add only those nodes: as masters (then rebalance
#                                           slots onto them) while fewer than REDIS_MASTERS
#                                           masters own slots, else as replicas of the master
#                                           with the fewest replicas.
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
  log "creating the cluster: $masters_wanted masters, $replicas_wanted replica(s) per master, $count nodes"
  # shellcheck disable=SC2086 # one argument per node
  rcli --cluster create $REDIS_NODES --cluster-replicas "$replicas_wanted" --cluster-yes
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
  rcli --cluster check "$entry" || die "the cluster check failed; nothing was changed"
  log "the cluster is already formed; nothing to do"
  exit 0
fi

masters=$(node_cli "$entry" cluster nodes | awk '$3 ~ /master/ && $3 !~ /fail/ && NF > 8' | wc -l)
rebalance=no
for n in $empty; do
  if [ "$masters" -lt "$masters_wanted" ]; then
    log "adding $n as a master ($masters of $masters_wanted masters own slots)"
    rcli --cluster add-node "$n" "$entry"
    masters=$((masters + 1))
    rebalance=yes
  else
    log "adding $n as a replica"
    rcli --cluster add-node "$n" "$entry" --cluster-slave
  fi
done
if [ "$rebalance" = yes ]; then
  log "moving slots onto the new masters"
  rcli --cluster rebalance "$entry" --cluster-use-empty-masters
fi
settle
rcli --cluster check "$entry" || die "the cluster check failed after adding nodes"
log "added:$empty"
