# Zone-aware placement for bootstrap.sh (POSIX awk: runs on busybox, mawk and gawk alike).
# Deterministic: the same input always gives the same output.
#
# awk -v mode=masters -v masters=N -f pair-replicas.awk   input: "key zone" per pod, by key
#   Prints the keys of N pods to make masters: round-robin over the zones, the zone with the
#   most pods first (then by name), each zone's pods in key order. The masters spread over the
#   zones as evenly as the pods do, so losing one zone loses as few masters as possible.
#
# awk -v mode=pairs -v cap=R -f pair-replicas.awk
#   input: "M key zone" per master, "R key zone current" per replica ("-" when it replicates
#   nothing yet). Prints "replica master" for every replica, each master getting at most R
#   replicas and no replica in its master's zone; a replica stays with its current master when
#   that is allowed. A bipartite matching with augmenting paths, so it finds an assignment
#   whenever one exists; when none does it prints "unplaced <key>" lines and exits 1. With two
#   replicas per master it first tries to give each master replicas from distinct zones.

mode == "masters" {
  if (!($2 in count)) zone[++zones] = $2
  count[$2]++
  pod[$2, count[$2]] = $1
  next
}
mode == "pairs" && $1 == "M" {
  master[++nm] = $2
  mzone[nm] = $3
  mindex[$2] = nm
  next
}
mode == "pairs" && $1 == "R" {
  replica[++nr] = $2
  rzone[nr] = $3
  current[nr] = $4
  next
}

# spread(r): in one round, finds a master for replica r that is in another zone and has no
# replica in r's zone yet, moving replicas placed in this round along when needed.
function spread(r,    t, m) {
  for (t = 0; t <= nm; t++) {
    if (t == 0) {
      if (!(current[r] in mindex)) continue
      m = mindex[current[r]]
    } else {
      m = t
      if ((current[r] in mindex) && m == mindex[current[r]]) continue
    }
    if (mzone[m] == rzone[r] || ((m, rzone[r]) in used) || (m in seen)) continue
    seen[m] = 1
    if (!(m in owner) || spread(owner[m])) {
      owner[m] = r
      return 1
    }
  }
  return 0
}

# place(r): finds one of the cap slots of a master in another zone for replica r (any zone of
# the other replicas), moving placed replicas along when needed.
function place(r,    t, m, j, s) {
  for (t = 0; t <= nm; t++) {
    if (t == 0) {
      if (!(current[r] in mindex)) continue
      m = mindex[current[r]]
    } else {
      m = t
      if ((current[r] in mindex) && m == mindex[current[r]]) continue
    }
    if (mzone[m] == rzone[r]) continue
    for (j = 1; j <= cap; j++) {
      s = (m - 1) * cap + j
      if (s in seen) continue
      seen[s] = 1
      if (!(s in slot) || place(slot[s])) {
        slot[s] = r
        return 1
      }
    }
  }
  return 0
}

END {
  if (mode == "masters") {
    # zones by pod count (descending), then name
    for (i = 2; i <= zones; i++) {
      z = zone[i]
      for (j = i - 1; j >= 1 && (count[zone[j]] < count[z] || (count[zone[j]] == count[z] && zone[j] > z)); j--)
        zone[j + 1] = zone[j]
      zone[j + 1] = z
    }
    picked = 0
    for (round = 1; picked < masters; round++) {
      progress = 0
      for (i = 1; i <= zones && picked < masters; i++) {
        if (round <= count[zone[i]]) {
          print pod[zone[i], round]
          picked++
          progress = 1
        }
      }
      if (!progress) break
    }
    exit 0
  }
  if (mode != "pairs") {
    print "pair-replicas.awk: mode must be masters or pairs" > "/dev/stderr"
    exit 2
  }
  # First, rounds of one replica per master, each from a zone the master has no replica in yet.
  for (round = 1; round <= cap; round++) {
    split("", owner)
    for (r = 1; r <= nr; r++)
      if (!(r in at)) {
        split("", seen)
        spread(r)
      }
    for (m in owner) {
      at[owner[m]] = m
      used[m, rzone[owner[m]]] = 1
    }
  }
  placed = 0
  for (r in at) placed++
  if (placed < nr) {
    # Not possible with distinct zones per master: only keep every replica out of its master's
    # zone, which a matching over all cap slots of every master finds whenever it is possible.
    split("", at)
    bad = 0
    for (r = 1; r <= nr; r++) {
      split("", seen)
      if (!place(r)) {
        print "unplaced " replica[r]
        bad = 1
      }
    }
    if (bad) exit 1
    for (s in slot) at[slot[s]] = int((s - 1) / cap) + 1
  }
  for (m = 1; m <= nm; m++)
    for (r = 1; r <= nr; r++)
      if (at[r] == m) print replica[r], master[m]
}
