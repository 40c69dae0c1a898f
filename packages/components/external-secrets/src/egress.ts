import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE } from './values.ts';

/** The region's Vault (the vault-backend ClusterSecretStore), and the AWS-backed stores with STS. */
export function externalSecretsEgress(ctx: ClusterContext): EgressAllow[] {
  const region = ctx.region.name;
  const vault = new URL(ctx.region.vaultAddress);
  return [
    {
      name: 'external-secrets-vault',
      namespace: NAMESPACE,
      fqdns: [vault.hostname],
      ports: [Number(vault.port || 443)],
      purpose: 'Vault (the vault-backend ClusterSecretStore)',
    },
    {
      name: 'external-secrets-aws',
      namespace: NAMESPACE,
      fqdns: [
        `secretsmanager.${region}.amazonaws.com`,
        `ssm.${region}.amazonaws.com`,
        awsEndpoints(region).sts,
      ],
      ports: [443],
      purpose: 'AWS-backed stores, STS',
    },
  ];
}
