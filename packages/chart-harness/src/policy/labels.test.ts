import { describe, expect, it } from 'vitest';
import { goodDeployment, goodPod } from '../__fixtures__/manifests.ts';
import { checkLabels } from './labels.ts';

describe('checkLabels', () => {
  it('accepts workloads that carry the labels on the object and on the pod template', () => {
    expect(checkLabels(goodDeployment())).toEqual([]);
    expect(checkLabels(goodPod())).toEqual([]);
  });

  it('reports each missing or empty label of a Namespace', () => {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team', labels: { layer: '' } },
    };
    expect(checkLabels(namespace).map((p) => p.path)).toEqual([
      'metadata.labels.cost-center',
      'metadata.labels.layer',
      'metadata.labels.environment',
    ]);
  });

  it('checks the labels the caller requires', () => {
    expect(checkLabels(goodDeployment(), ['team']).map((p) => p.path)).toEqual([
      'metadata.labels.team',
      'spec.template.metadata.labels.team',
    ]);
  });

  it('ignores objects that are neither namespaces nor workloads', () => {
    expect(checkLabels({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([]);
  });
});
