import { describe, expect, it } from 'vitest';
import { missingLabels } from './required-labels.ts';

const obj = (kind: string, name: string, labels?: Record<string, string>) => ({
  source: 't.yaml',
  manifest: { kind, metadata: { name, namespace: 'ns', ...(labels ? { labels } : {}) } },
});

describe('missingLabels', () => {
  it('lists workloads and namespaces without the labels, or with other values, and ignores other kinds', () => {
    const required = { layer: 'l00', environment: 'production' };
    expect(
      missingLabels(
        [
          obj('Deployment', 'ok', { layer: 'l00', environment: 'production', extra: 'x' }),
          obj('DaemonSet', 'bare'),
          obj('StatefulSet', 'wrong', { layer: 'l01', environment: 'production' }),
          obj('Service', 'ignored'),
        ],
        required,
      ),
    ).toEqual([
      'DaemonSet ns/bare: layer=(missing), environment=(missing)',
      'StatefulSet ns/wrong: layer=l01',
    ]);
  });
});
