import type { ComponentRule } from '@platform/core';
import type { CiliumValues } from './schema.ts';

const cilium = (v: Readonly<Record<string, unknown>>) => v.cilium as CiliumValues;

/** Cross-field rules of the Cilium values; all are evaluated and every violation reported. */
export const ciliumRules: readonly ComponentRule[] = [
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
    id: 'pdb-below-replicas',
    description: 'operator PDB minAvailable must be below the operator replicas, or drains block',
    check: (v) => {
      const o = cilium(v).operator;
      const min = o.podDisruptionBudget.minAvailable ?? 0;
      return o.podDisruptionBudget.enabled && min >= o.replicas
        ? [
            {
              path: 'cilium.operator.podDisruptionBudget.minAvailable',
              expected: `< ${o.replicas}`,
              found: String(min),
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
