import { describe, expect, it } from 'vitest';
import { egressAllow } from '../inventory/schema.ts';
import { POD_IDENTITY_ROLES, podIdentityEgressName, podIdentityRoleArn } from './pod-identity.ts';

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
      'thanos',
      'thanos',
      'opencost',
      'aws-load-balancer-controller',
      'external-dns',
      'model-gateway-service',
      'velero',
    ]);
  });

  it('names the agent egress of each association uniquely, the first of a role after the role', () => {
    const names = POD_IDENTITY_ROLES.map(podIdentityEgressName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      const allow = {
        name,
        namespace: 'monitoring',
        cidrs: ['169.254.170.23/32'],
        ports: [80],
        purpose: 'x',
      };
      expect(egressAllow.safeParse(allow).success, name).toBe(true);
    }
    const thanos = POD_IDENTITY_ROLES.filter((r) => r.role === 'thanos');
    expect(thanos.map((r) => [r.serviceAccount, podIdentityEgressName(r)])).toEqual([
      ['kube-prometheus-stack-prometheus', 'thanos-pod-identity'],
      ['thanos-compact', 'thanos-compact-pod-identity'],
      ['thanos-store', 'thanos-store-pod-identity'],
    ]);
  });
});
