import { describe, expect, it } from 'vitest';
import { ANY, type FieldTree, findUnknownFields, LEAF } from './field-tree.ts';
import { buildFieldTrees } from './field-tree-builder.ts';
import { locateModel } from './model-registry.ts';

function treeOf(apiVersion: string, kind: string): FieldTree {
  const location = locateModel(apiVersion, kind);
  if (location === undefined) throw new Error(`no model for ${apiVersion} ${kind}`);
  const [tree] = buildFieldTrees([{ dtsFile: location.dtsFile, interfaceName: `I${kind}` }]);
  if (tree === undefined) throw new Error(`no tree for ${apiVersion} ${kind}`);
  return tree;
}

function node(tree: FieldTree, ...path: string[]) {
  let ref = tree.root;
  for (const name of path) ref = tree.nodes[ref]?.fields[name] ?? Number.NaN;
  return ref >= 0 ? tree.nodes[ref] : ref;
}

describe('buildFieldTrees', () => {
  const deployment = treeOf('apps/v1', 'Deployment');

  it('reads the fields of a kind from its .d.ts interface', () => {
    expect(Object.keys((node(deployment) as { fields: object }).fields).sort()).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
    expect(node(deployment, 'spec', 'replicas')).toBe(LEAF);
  });

  it('makes arrays transparent and maps open to any key', () => {
    const containers = node(deployment, 'spec', 'template', 'spec', 'containers') as { fields: object };
    expect(Object.keys(containers.fields)).toContain('securityContext');
    expect(node(deployment, 'metadata', 'labels')).toEqual({ fields: {}, values: LEAF });
  });

  it('treats quantities and int-or-string fields as scalars and free-form fields as open', () => {
    expect(node(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxSurge')).toBe(LEAF);
    const crd = treeOf('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const schema = ['spec', 'versions', 'schema', 'openAPIV3Schema'];
    expect(node(crd, ...schema, 'default')).toBe(ANY);
    // JSONSchemaProps refers to itself: the graph loops instead of growing forever
    const properties = node(crd, ...schema, 'properties') as { values: number };
    expect(properties.values).toBe(crd.nodes.indexOf(node(crd, ...schema) as never));
  });

  it('reads an intersection of arrays as an array of either element (Istio AuthorizationPolicy rules)', () => {
    const policy = treeOf('security.istio.io/v1', 'AuthorizationPolicy');
    expect(Object.keys((node(policy, 'spec', 'rules') as { fields: object }).fields).sort()).toEqual([
      'from',
      'to',
      'when',
    ]);
    expect(
      Object.keys((node(policy, 'spec', 'rules', 'from', 'source') as { fields: object }).fields),
    ).toContain('notRequestPrincipals');
  });

  it('finds unknown fields deep inside a real object', () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'i:1', resource: {} }] } } },
    };
    expect(findUnknownFields(manifest, deployment).map((u) => u.segments)).toEqual([
      ['spec', 'template', 'spec', 'containers', 0, 'resource'],
    ]);
  });

  it('returns nothing for an interface the file does not export', () => {
    const location = locateModel('v1', 'Service');
    expect(buildFieldTrees([{ dtsFile: location?.dtsFile ?? '', interfaceName: 'INotThere' }])).toEqual([
      undefined,
    ]);
  });
});
