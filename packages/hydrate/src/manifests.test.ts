import { describe, expect, it } from 'vitest';
import { crdApiVersions, parseRendered, sortObjects } from './manifests.ts';

describe('parseRendered', () => {
  it('reads manifests as Kubernetes clients do (YAML 1.1: 0555 is octal)', () => {
    const [cm] = parseRendered(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: s, configMap: {name: s, defaultMode: 0555}}]\n',
      'here',
    );
    expect(
      (cm as unknown as { spec: { volumes: { configMap: { defaultMode: number } }[] } }).spec.volumes[0]
        ?.configMap.defaultMode,
    ).toBe(0o555);
  });

  it('drops empty documents, flattens Lists and refuses documents that are not objects', () => {
    const objects = parseRendered(
      '---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n',
      'here',
    );
    expect(objects.map((o) => o.metadata.name)).toEqual(['a']);
    expect(() => parseRendered('just a string\n', 'src.yaml')).toThrow(
      /src\.yaml: document 1 is not a Kubernetes object/,
    );
  });

  it('sorts CRDs and Namespaces first, then by apiVersion, kind, namespace and name', () => {
    const o = (apiVersion: string, kind: string, name: string, namespace?: string) => ({
      apiVersion,
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}) },
    });
    const sorted = sortObjects([
      o('v1', 'Service', 'b', 'x'),
      o('v1', 'Namespace', 'x'),
      o('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'c'),
      o('v1', 'Service', 'a', 'x'),
    ]);
    expect(sorted.map((x) => `${x.kind}/${x.metadata.name}`)).toEqual([
      'CustomResourceDefinition/c',
      'Namespace/x',
      'Service/a',
      'Service/b',
    ]);
  });

  it('lists the API versions a CRD serves, with and without the kind', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget' },
        versions: [
          { name: 'v1', served: true },
          { name: 'v0', served: false },
        ],
      },
    };
    expect(crdApiVersions([crd])).toEqual(['example.com/v1', 'example.com/v1/Widget']);
  });
});
