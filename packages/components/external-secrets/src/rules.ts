import type { TypedComponentRule } from '@platform/core';
import { type Targets, toSeconds } from './schema.ts';

/** Cross-field rules; every violation is reported. */
export const externalSecretsRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'ha-needs-leader-election',
    description: 'more than one controller replica needs leader election',
    check: (v) => {
      const e = v['external-secrets'];
      return e.replicaCount > 1 && !e.leaderElect
        ? [{ path: 'external-secrets.leaderElect', expected: 'true', found: 'false' }]
        : undefined;
    },
  },
  {
    id: 'refresh-at-least-1m',
    description: 'refresh intervals below 1m are not allowed (E0208)',
    check: (v) =>
      v.chart.externalSecrets.flatMap((es, i) =>
        toSeconds(es.refreshInterval) < 60
          ? [
              {
                path: `chart.externalSecrets[${i}].refreshInterval`,
                expected: '>= 1m',
                found: JSON.stringify(es.refreshInterval),
              },
            ]
          : [],
      ),
  },
  {
    id: 'vault-https',
    description: 'Vault must be reached over https',
    check: (v) => {
      const server = v.chart.vault.server;
      return server.startsWith('https://')
        ? undefined
        : [{ path: 'chart.vault.server', expected: 'an https:// URL', found: JSON.stringify(server) }];
    },
  },
];
