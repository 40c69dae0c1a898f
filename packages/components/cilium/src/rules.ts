import { MAX_ENI_CLUSTER_ID, type ParsedTargets, type TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

const cilium = (v: ParsedTargets<Targets>) => v.cilium;

/** Cross-field rules of the Cilium values; all are evaluated and every violation reported. */
export const ciliumRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'relay-needs-hubble',
    description: 'Hubble Relay and UI need Hubble',
    check: (v) => {
      const h = cilium(v).hubble;
      return !h.enabled && (h.relay.enabled || h.ui.enabled)
        ? [{ path: 'cilium.hubble.enabled', expected: 'true (relay or ui is enabled)', found: 'false' }]
        : undefined;
    },
  },
  {
    id: 'eni-native-routing',
    description: 'ENI IPAM requires native routing and eni.enabled',
    check: (v) => {
      const c = cilium(v);
      if (c.ipam.mode !== 'eni') return undefined;
      const out = [];
      if (c.routingMode !== 'native')
        out.push({ path: 'cilium.routingMode', expected: '"native"', found: JSON.stringify(c.routingMode) });
      if (!c.eni.enabled) out.push({ path: 'cilium.eni.enabled', expected: 'true', found: 'false' });
      return out;
    },
  },
  {
    id: 'eni-cluster-id',
    description:
      'in ENI mode the cluster ID is 1-127: IDs 128-255 drop policy-matched traffic and the chart refuses them',
    check: (v) => {
      const c = cilium(v);
      return c.eni.enabled && c.cluster.id > MAX_ENI_CLUSTER_ID
        ? [
            {
              path: 'cilium.cluster.id',
              expected: `1-${MAX_ENI_CLUSTER_ID} (eni.enabled is true)`,
              found: String(c.cluster.id),
              hint: 'Set `clusterId` in the cluster file to an unused ID in 1-127.',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'eni-inert-masquerade',
    description:
      'in ENI mode masquerading is off unless enableIPv4Masquerade is true, so bpf.masquerade and egressMasqueradeInterfaces alone do nothing',
    check: (v) => {
      const c = cilium(v);
      if (!c.eni.enabled || c.enableIPv4Masquerade === true) return undefined;
      const inert = [
        ...(c.bpf.masquerade === true ? [['cilium.bpf.masquerade', 'true']] : []),
        ...(c.egressMasqueradeInterfaces !== undefined
          ? [['cilium.egressMasqueradeInterfaces', JSON.stringify(c.egressMasqueradeInterfaces)]]
          : []),
      ];
      return inert.map(([path, found]) => ({
        path: path as string,
        expected: 'nothing (masquerading is off in ENI mode)',
        found: found as string,
        hint: 'Remove it, or set cilium.enableIPv4Masquerade: true (and ipv4NativeRoutingCIDR) to masquerade in ENI mode.',
      }));
    },
  },
  {
    id: 'no-kubernetes-ipam-on-eks',
    description: 'EKS does not populate Node.spec.podCIDR: ipam.mode kubernetes cannot work',
    check: (v) =>
      cilium(v).ipam.mode === 'kubernetes'
        ? [
            {
              path: 'cilium.ipam.mode',
              expected: '"eni" (or cluster-pool with a tunnel)',
              found: '"kubernetes"',
            },
          ]
        : undefined,
  },
  {
    id: 'pdb-one-bound',
    description:
      'the operator PDB sets maxUnavailable only: the chart renders its default maxUnavailable 1 next to any minAvailable, and the API server rejects a PDB with both',
    check: (v) => {
      const pdb = cilium(v).operator.podDisruptionBudget;
      return pdb.minAvailable !== undefined
        ? [
            {
              path: 'cilium.operator.podDisruptionBudget.minAvailable',
              expected: 'nothing (set maxUnavailable instead)',
              found: String(pdb.minAvailable),
              hint: 'With 2 replicas, maxUnavailable 1 keeps one operator running during drains.',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'pdb-below-replicas',
    description: 'operator PDB maxUnavailable must leave an operator running during drains',
    check: (v) => {
      const o = cilium(v).operator;
      const max = o.podDisruptionBudget.maxUnavailable ?? 1;
      return o.podDisruptionBudget.enabled && max >= o.replicas
        ? [
            {
              path: 'cilium.operator.podDisruptionBudget.maxUnavailable',
              expected: `< ${o.replicas}`,
              found: String(max),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'istio-integration',
    description: 'with Istio on the cluster, Cilium needs socketLB.hostNamespaceOnly and cni.exclusive false',
    check: (v, ctx) => {
      const c = cilium(v);
      const istio = ctx.enabledComponents.has('istio');
      const ok = c.socketLB?.hostNamespaceOnly === true && c.cni?.exclusive === false;
      if (istio && !ok) {
        return [
          {
            path: 'cilium.socketLB.hostNamespaceOnly',
            expected: 'true and cni.exclusive false',
            found: String(c.socketLB?.hostNamespaceOnly),
          },
        ];
      }
      return undefined;
    },
  },
];
