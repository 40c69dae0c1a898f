import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartNotCachedError, cachedChart, chartCacheDir, renderUpstreamChart } from './upstream-chart.ts';

describe('pinned upstream charts from the chart cache', () => {
  it('fails naming the chart and `pnpm charts:pull` when the chart is not cached', () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-cache-'));
    expect(() => cachedChart('reloader', '2.2.16', empty)).toThrow(ChartNotCachedError);
    expect(() => cachedChart('reloader', '2.2.16', empty)).toThrow(
      /reloader 2\.2\.16.*run `pnpm charts:pull`/,
    );
  });

  it('honours CHART_CACHE', () => {
    expect(chartCacheDir({ CHART_CACHE: '/x/charts' })).toBe('/x/charts');
    expect(chartCacheDir({})).toMatch(/\.cache\/charts$/);
  });

  it('renders a cached chart with the release name, namespace and values given', async () => {
    const objects = await renderUpstreamChart({
      chart: 'reloader',
      version: '2.2.16',
      releaseName: 'reloader',
      namespace: 'external-secrets',
      kubeVersion: '1.33',
      values: { reloader: { deployment: { labels: { team: 'x' } } } },
    });
    const deployment = objects.find((o) => o.manifest.kind === 'Deployment')?.manifest as {
      metadata: { namespace: string; labels: Record<string, string> };
    };
    expect(deployment.metadata.namespace).toBe('external-secrets');
    expect(deployment.metadata.labels.team).toBe('x');
  });
});
