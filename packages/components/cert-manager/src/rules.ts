import type { TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

export const certManagerRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'default-issuer-exists',
    description: 'the default issuer must be one of the issuers created',
    check: (v) => {
      const c = v.chart;
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
      const c = v.chart;
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
