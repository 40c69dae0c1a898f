import type { ComponentDefinition } from '@platform/core';
import { baselineRules } from './rules.ts';
import { chartValues } from './schema.ts';
import { baselineLayers } from './values.ts';

/**
 * The platform baseline (catalog 1.14, 4.2): namespaces with required and Pod Security labels,
 * quotas and limit ranges per tier, baseline NetworkPolicies, priority, storage and runtime
 * classes. Only our chart; installed first (catalog 3.4, step 1).
 */
export const platformBaseline: ComponentDefinition = {
  name: 'platform-baseline',
  namespace: 'kube-system',
  description: 'Namespaces, quotas, limit ranges, network policies, priority/storage/runtime classes',
  upstreamCharts: [],
  chart: { valuesSchema: chartValues },
  dependsOn: [],
  enabledByDefault: () => true,
  values: baselineLayers,
  rules: baselineRules,
  // Namespaces hold everything else: never prune them automatically.
  sync: { disablePrune: true },
};
