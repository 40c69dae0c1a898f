import type { ComponentRule } from '@platform/core';
import type { ChartValues, GatekeeperValues } from './schema.ts';

export const gatekeeperRules: readonly ComponentRule[] = [
  {
    id: 'pdb-below-replicas',
    description: 'the webhook PDB must leave room to drain a node',
    check: (v) => {
      const g = v.gatekeeper as GatekeeperValues;
      return g.pdb.controllerManager.minAvailable >= g.replicas && g.pdb.controllerManager.minAvailable > 0
        ? [
            {
              path: 'gatekeeper.pdb.controllerManager.minAvailable',
              expected: `< ${g.replicas}`,
              found: String(g.pdb.controllerManager.minAvailable),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'production-enforces-deny',
    description: 'production must enforce the cost labels (deny)',
    check: (v, ctx) => {
      const c = v.chart as ChartValues;
      return ctx.environment.name === 'production' && c.requiredLabels.enforcementAction !== 'deny'
        ? [
            {
              path: 'chart.requiredLabels.enforcementAction',
              expected: '"deny"',
              found: JSON.stringify(c.requiredLabels.enforcementAction),
            },
          ]
        : undefined;
    },
  },
];
