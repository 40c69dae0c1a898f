import type { ComponentDefinition } from '@platform/core';
import { argoCdRules } from './rules.ts';
import { argoCdValues, chartValues } from './schema.ts';
import { argoCdLayers, NAMESPACE } from './values.ts';

/** Argo CD managing itself from the same GitOps repository (catalog 1.13, 3.5). */
export const argoCd: ComponentDefinition = {
  name: 'argo-cd',
  namespace: NAMESPACE,
  description: 'Argo CD itself: HA per environment, Progressive Syncs, Application health, notifications',
  upstreamCharts: [
    {
      id: 'argo-cd',
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: '10.1.1',
      valuesSchema: argoCdValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['cilium', 'external-secrets'],
  enabledByDefault: () => true,
  values: argoCdLayers,
  rules: argoCdRules,
  // The ApplicationSet CRD needs server-side apply since Argo CD 3.3; never prune Argo CD itself.
  sync: { serverSideApply: true, disablePrune: true },
};
