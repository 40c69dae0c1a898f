import type { ComponentRule } from '@platform/core';
import type { ChartValues } from './schema.ts';

export const certManagerRules: readonly ComponentRule[] = [
  {
    id: 'default-issuer-exists',
    description: 'the default issuer must be one of the issuers created',
    check: (v) => {
      const c = v.chart as ChartValues;
      return c.issuers.includes(c.defaultIssuer)
        ? undefined
        : [
            {
              path: 'chart.defaultIssuer',
              expected: `one of ${c.issuers.join(', ')}`,
              found: JSON.stringify(c.defaultIssuer),
            },
          ];
    },
  },
  {
    id: 'no-staging-acme-by-default-in-production',
    description: "production's default issuer must issue publicly trusted certificates",
    check: (v, ctx) => {
      const c = v.chart as ChartValues;
      return ctx.environment.name === 'production' &&
        c.defaultIssuer !== 'letsencrypt-prod' &&
        c.defaultIssuer !== 'vault-pki'
        ? [
            {
              path: 'chart.defaultIssuer',
              expected: '"letsencrypt-prod" or "vault-pki"',
              found: JSON.stringify(c.defaultIssuer),
            },
          ]
        : undefined;
    },
  },
];
