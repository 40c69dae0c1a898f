import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CILIUM_SCHEMAS, type JsonSchema } from './cilium-policy-schema.ts';
import { hasCiliumSchema, validateCilium } from './cilium-validator.ts';
import { isRecord } from './object-path.ts';

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

// only on machines that have the CRD catalog; elsewhere the cross-check is reported as skipped
const REFERENCE = process.env.CILIUM_CRD_CATALOG ?? '/work/shared/reference/crds-catalog/cilium.io';
const referenceFile = (kind: string) => `${REFERENCE}/${kind.toLowerCase()}_v2.json`;
const hasReference = existsSync(referenceFile('CiliumNetworkPolicy'));

/** Follows `$ref: #/definitions/x` and returns the schema it points to. */
function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const definitions = root.definitions as Record<string, JsonSchema>;
  return deref(definitions[ref.replace('#/definitions/', '')] as JsonSchema, root);
}

/**
 * Every property path our schema allows (arrays as `[]`) that the reference does not have,
 * and every enum value it does not list.
 */
function notInReference(
  ours: JsonSchema,
  theirs: JsonSchema,
  root: JsonSchema,
  path: string,
  out: string[],
): void {
  const own = deref(ours, root);
  if (Array.isArray(own.enum)) {
    const allowed = Array.isArray(theirs.enum) ? theirs.enum : [];
    for (const value of own.enum)
      if (!allowed.includes(value)) out.push(`${path} enum ${JSON.stringify(value)}`);
  }
  if (isRecord(own.items)) {
    notInReference(own.items, isRecord(theirs.items) ? theirs.items : {}, root, `${path}[]`, out);
  }
  if (!isRecord(own.properties)) return;
  const reference = isRecord(theirs.properties) ? theirs.properties : {};
  for (const [name, schema] of Object.entries(own.properties as Record<string, JsonSchema>)) {
    const match = reference[name];
    if (!isRecord(match)) out.push(`${path}.${name}`);
    else notInReference(schema, match, root, `${path}.${name}`, out);
  }
}

describe.skipIf(!hasReference)('Cilium schema cross-check against the CRD catalog', () => {
  it.each(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'])(
    'allows only fields and enum values that %s (cilium.io/v2) defines',
    (kind) => {
      const reference = JSON.parse(readFileSync(referenceFile(kind), 'utf8')) as JsonSchema;
      const ours = CILIUM_SCHEMAS[`cilium.io/v2/${kind}`] as JsonSchema;
      const missing: string[] = [];
      for (const field of ['spec', 'specs']) {
        const theirs = (reference.properties as Record<string, JsonSchema>)[field] as JsonSchema;
        notInReference(
          (ours.properties as Record<string, JsonSchema>)[field] as JsonSchema,
          theirs,
          ours,
          field,
          missing,
        );
      }
      expect(missing).toEqual([]);
    },
  );
});
