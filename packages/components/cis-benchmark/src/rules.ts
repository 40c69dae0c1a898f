import type { ParsedTargets, TypedComponentRule } from '@platform/core';
import { securityScanRules } from './scans-rules.ts';
import type { Targets } from './schema.ts';
import { NAMESPACE, PUSHGATEWAY_PORT, pushgatewayUrl } from './values.ts';

const chart = (v: ParsedTargets<Targets>) => v.chart;
const pushgateway = (v: ParsedTargets<Targets>) => v['prometheus-pushgateway'];

/** Labels that select control-plane nodes, which managed EKS does not have. */
const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** Cross-field rules of the CIS benchmark values; every violation is reported. */
export const cisBenchmarkRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'pushes-to-the-pushgateway',
    description: 'kube-bench pushes to the Service the upstream chart creates in this namespace',
    check: (v) => {
      const want = pushgatewayUrl(pushgateway(v).fullnameOverride, NAMESPACE, PUSHGATEWAY_PORT);
      const found = chart(v).pushgateway.url.replace(/\/+$/, '');
      return found === want
        ? undefined
        : [
            {
              path: 'chart.pushgateway.url',
              expected: `${want} (prometheus-pushgateway.fullnameOverride)`,
              found,
            },
          ];
    },
  },
  {
    id: 'worker-nodes-only',
    description: 'The scan runs on worker nodes: EKS has no control-plane nodes to select',
    check: (v) => {
      const bad = Object.keys(chart(v).nodeSelector).filter((k) => CONTROL_PLANE_LABELS.includes(k));
      return bad.length === 0
        ? undefined
        : [
            {
              path: `chart.nodeSelector.${bad[0]}`,
              expected: 'a worker node label such as node-pool: general',
              found: `${bad.join(', ')} (no such node on managed EKS)`,
            },
          ];
    },
  },
  {
    id: 'monitor-in-component-namespace',
    description: "The Pushgateway's ServiceMonitor lives in the component's namespace",
    check: (v) => {
      const ns = pushgateway(v).serviceMonitor.namespace;
      const want = NAMESPACE;
      return ns === want
        ? undefined
        : [{ path: 'prometheus-pushgateway.serviceMonitor.namespace', expected: want, found: ns }];
    },
  },
  ...securityScanRules,
];
