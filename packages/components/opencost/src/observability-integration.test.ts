import observability from '@platform/component-observability';
import { computeFleet } from '@platform/core';
import { describe, expect, it } from 'vitest';
import { loadDefaultFleet, standIn } from './__fixtures__/fleet.ts';
import opencost from './index.ts';

/**
 * OpenCost next to the real observability component: it queries the Prometheus Service that
 * component creates, and kube-state-metrics exports the namespace cost labels (docs/decisions.md#cost-budgets).
 */
describe('opencost with the real observability component', () => {
  it('reads the Prometheus Service of kube-prometheus-stack and has the namespace labels allowlisted', async () => {
    const components = [
      opencost,
      observability,
      ...['prometheus-operator-crds', 'cilium', 'platform-baseline', 'external-secrets'].map((n) =>
        standIn(n),
      ),
      // What observability integrates is declared, and off: OpenCost needs none of it.
      ...['argo-cd', 'gatekeeper', 'istio', 'karpenter'].map((n) => standIn(n, () => false)),
    ];
    const { clusters, issues } = computeFleet(await loadDefaultFleet(), components);
    expect(issues).toEqual([]);
    expect(clusters.length).toBeGreaterThan(0);
    for (const cc of clusters) {
      const of = (name: string) => cc.components.find((c) => c.definition.name === name)!.targets;
      const kps = of('observability')['kube-prometheus-stack']!.values as Record<string, any>;
      const internal = (of('opencost').opencost!.values as Record<string, any>).opencost.prometheus.internal;
      expect(`${internal.serviceName}.${internal.namespaceName}:${internal.port}`).toBe(
        `${kps.fullnameOverride}-prometheus.monitoring:9090`,
      );
      expect(kps['kube-state-metrics'].metricLabelsAllowlist).toEqual([
        'namespaces=[cost-budget,cost-center,layer,environment]',
      ]);
    }
  });
});
