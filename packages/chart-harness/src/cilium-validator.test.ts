import { describe, expect, it } from 'vitest';
import { hasCiliumSchema, validateCilium } from './cilium-validator.ts';

function policy(spec: Record<string, unknown>, kind = 'CiliumNetworkPolicy'): Record<string, unknown> {
  return { apiVersion: 'cilium.io/v2', kind, metadata: { name: 'p', namespace: 'n' }, spec };
}

const selectWeb = { matchLabels: { app: 'web' } };

describe('validateCilium', () => {
  it('knows both policy kinds of cilium.io/v2 only', () => {
    expect(hasCiliumSchema('cilium.io/v2', 'CiliumNetworkPolicy')).toBe(true);
    expect(hasCiliumSchema('cilium.io/v2', 'CiliumClusterwideNetworkPolicy')).toBe(true);
    expect(hasCiliumSchema('cilium.io/v2', 'CiliumEndpoint')).toBe(false);
  });

  it('accepts a policy that uses the documented rule fields', () => {
    const problems = validateCilium(
      policy({
        endpointSelector: selectWeb,
        ingress: [{ fromEndpoints: [selectWeb], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }],
        egress: [
          { toFQDNs: [{ matchPattern: '*.example.com' }], toPorts: [{ ports: [{ port: '443' }] }] },
          { toEntities: ['kube-apiserver'], authentication: { mode: 'required' } },
        ],
        egressDeny: [{ toCIDRSet: [{ cidr: '169.254.0.0/16' }] }],
      }),
    );
    expect(problems).toEqual([]);
  });

  it('reports every problem at once, with paths and suggestions', () => {
    const problems = validateCilium(
      policy({
        endpointSelector: { matchLabel: { app: 'web' } },
        ingress: [{ fromEndpoint: [selectWeb] }],
        egress: [{ toPorts: [{ ports: [{ port: 443, protocol: 'tcp' }] }] }],
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        check: 'unknown-field',
        path: 'spec.endpointSelector.matchLabel',
        message: expect.stringContaining('did you mean "matchLabels"?'),
      }),
      expect.objectContaining({
        check: 'unknown-field',
        path: 'spec.ingress[0].fromEndpoint',
        message: expect.stringContaining('did you mean "fromEndpoints"?'),
      }),
      expect.objectContaining({
        check: 'schema',
        path: 'spec.egress[0].toPorts[0].ports[0].port',
        message: expect.stringContaining('expected string, found number 443'),
      }),
      expect.objectContaining({
        check: 'schema',
        path: 'spec.egress[0].toPorts[0].ports[0].protocol',
        message: expect.stringContaining('expected one of "TCP", "UDP", "SCTP", "ANY", found string "tcp"'),
      }),
    ]);
  });

  it('reports L7 rules on deny rules, which match on ports only', () => {
    const problems = validateCilium(
      policy({
        endpointSelector: selectWeb,
        ingressDeny: [{ toPorts: [{ ports: [{ port: '80' }], rules: { http: [{ method: 'GET' }] } }] }],
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ check: 'unknown-field', path: 'spec.ingressDeny[0].toPorts[0].rules' }),
    ]);
  });

  it('reports a namespaced policy that selects nodes, and a clusterwide one that selects both', () => {
    expect(validateCilium(policy({ nodeSelector: selectWeb }))).toEqual([
      expect.objectContaining({
        check: 'schema',
        path: 'spec.endpointSelector',
        message: expect.stringContaining('required'),
      }),
      expect.objectContaining({ check: 'unknown-field', path: 'spec.nodeSelector' }),
    ]);
    const both = validateCilium(
      policy({ endpointSelector: selectWeb, nodeSelector: selectWeb }, 'CiliumClusterwideNetworkPolicy'),
    );
    expect(both).toEqual([
      expect.objectContaining({
        path: 'spec',
        message: expect.stringContaining('expected exactly one of "endpointSelector", "nodeSelector"'),
      }),
    ]);
  });
});
