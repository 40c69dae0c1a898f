import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE } from './values.ts';

/** ACME, Route53 (DNS-01) and STS, and the region's Vault for the vault-pki issuer. */
export function certManagerEgress(ctx: ClusterContext): EgressAllow[] {
  const vault = new URL(ctx.region.vaultAddress);
  return [
    {
      name: 'cert-manager-acme',
      namespace: NAMESPACE,
      fqdns: [
        'acme-v02.api.letsencrypt.org',
        'acme-staging-v02.api.letsencrypt.org',
        'route53.amazonaws.com',
        awsEndpoints(ctx.region.name).sts,
      ],
      ports: [443],
      purpose: 'ACME (Let’s Encrypt), Route53 DNS-01, STS',
    },
    {
      name: 'cert-manager-vault',
      namespace: NAMESPACE,
      fqdns: [vault.hostname],
      ports: [Number(vault.port || 443)],
      purpose: 'Vault PKI issuer',
    },
  ];
}
