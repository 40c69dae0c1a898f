import { describe, expect, it } from 'vitest';
import { POD_IDENTITY_ROLES, podIdentityRoleArn } from './pod-identity.ts';

describe('EKS Pod Identity roles', () => {
  it('names each role <cluster>-<role> in the account of the inventory', () => {
    const cluster = { name: 'agentic-prod-usw2', aws: { accountId: '000000000000' } };
    expect(podIdentityRoleArn(cluster, 'cert-manager')).toBe(
      'arn:aws:iam::000000000000:role/agentic-prod-usw2-cert-manager',
    );
    expect(podIdentityRoleArn({ name: 'agentic-prod-usw2' }, 'cert-manager')).toBeUndefined();
  });

  it('lists one association per service account, with the components that call AWS', () => {
    const keys = POD_IDENTITY_ROLES.map((r) => `${r.namespace}/${r.serviceAccount}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(POD_IDENTITY_ROLES.map((r) => r.role)).toEqual([
      'cert-manager',
      'external-secrets',
      'karpenter',
      'loki',
      'tempo',
      'thanos',
      'opencost',
      'aws-load-balancer-controller',
      'external-dns',
      'model-gateway-service',
      'velero',
    ]);
  });
});
