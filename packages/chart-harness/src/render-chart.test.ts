import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HelmRenderError } from './errors.ts';
import { renderChart } from './render-chart.ts';

const chart = (name: string) => fileURLToPath(new URL(`./__fixtures__/charts/${name}`, import.meta.url));

describe('renderChart', () => {
  it('renders with the real helm, passing values, release, namespace and Kubernetes version', async () => {
    const objects = await renderChart(chart('clean'), {
      name: 'custom',
      values: { greeting: 'yes' },
      releaseName: 'my-release',
      namespace: 'team-a',
      kubeVersion: '1.31.2',
    });
    const configMap = objects.find((o) => o.manifest.kind === 'ConfigMap');
    expect(configMap?.source).toBe('clean/templates/configmap.yaml');
    expect(configMap?.manifest.data).toEqual({
      greeting: 'yes',
      release: 'my-release',
      kubeVersion: 'v1.31.2',
    });
    expect(objects.find((o) => o.manifest.kind === 'Namespace')?.manifest.metadata).toMatchObject({
      name: 'team-a',
    });
  });

  it('skips templates that render nothing', async () => {
    const objects = await renderChart(chart('clean'), { name: 'defaults', values: {} });
    expect(objects.map((o) => o.source).sort()).toEqual([
      'clean/templates/configmap.yaml',
      'clean/templates/deployment.yaml',
      'clean/templates/namespace.yaml',
      'clean/templates/service.yaml',
    ]);
  });

  it('fails with helm’s own error when the chart does not render', async () => {
    const failure = renderChart(chart('broken-template'), { name: 'defaults', values: {} });
    await expect(failure).rejects.toThrow(HelmRenderError);
    await expect(failure).rejects.toMatchObject({
      stderr: expect.stringContaining('no template "broken.labels"'),
    });
  });
});
