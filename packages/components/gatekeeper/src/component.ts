import type { ComponentDefinition } from '@platform/core';
import { gatekeeperRules } from './rules.ts';
import { chartValues, gatekeeperValues } from './schema.ts';
import { gatekeeperLayers, NAMESPACE } from './values.ts';

/** OPA Gatekeeper 3.23 (supports current Kubernetes, C4) and the require-cost-labels policy. */
export const gatekeeper: ComponentDefinition = {
  name: 'gatekeeper',
  namespace: NAMESPACE,
  description: 'OPA Gatekeeper; require-cost-labels enforced in production, audited elsewhere',
  upstreamCharts: [
    {
      id: 'gatekeeper',
      repoURL: 'https://open-policy-agent.github.io/gatekeeper/charts',
      chart: 'gatekeeper',
      version: '3.23.0',
      valuesSchema: gatekeeperValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['cilium', 'platform-baseline'],
  enabledByDefault: () => true,
  values: gatekeeperLayers,
  rules: gatekeeperRules,
  sync: { serverSideApply: true },
};
