import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crdChart, helm, helmRepository, probeChart } from './__fixtures__/charts.ts';
import { cachedChartPath, missingCharts, pullCharts, uniquePins } from './charts.ts';
import { readTgz } from './tar.ts';

const pin = (chart: string, version: string, component = 'demo') => ({
  repoURL: 'https://charts.example.com',
  chart,
  version,
  components: [component],
});

describe('pullCharts from a mirror', () => {
  const repo = helmRepository([probeChart('probe', '1.2.3'), crdChart]);

  it('pulls every pin with the real helm from a directory mirror served on loopback', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'hydrate-cache-'));
    const pins = [pin('probe', '1.2.3'), pin('widgets-crds', '1.0.0')];
    const result = await pullCharts(pins, { cacheDir, helmBin: helm(), mirror: repo });
    expect(result.pulled.map((p) => p.chart)).toEqual(['probe', 'widgets-crds']);
    expect(missingCharts(pins, cacheDir)).toEqual([]);
    const files = readTgz(readFileSync(cachedChartPath(cacheDir, 'probe', '1.2.3'))).map((e) => e.path);
    expect(files).toContain('probe/Chart.yaml');
    expect(files).toContain('probe/templates/cm.yaml');
    // a second pull finds them cached and pulls nothing
    const again = await pullCharts(pins, { cacheDir, helmBin: helm(), mirror: pathToFileURL(repo).href });
    expect(again.pulled).toEqual([]);
    expect(again.cached).toHaveLength(2);
  });

  it('names the component, chart and version of a pin the mirror does not have, and caches nothing partial', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'hydrate-cache-'));
    const error = await pullCharts([pin('probe', '9.9.9', 'istio')], {
      cacheDir,
      helmBin: helm(),
      mirror: repo,
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/istio: chart probe version 9\.9\.9 could not be pulled from/);
    expect(existsSync(cachedChartPath(cacheDir, 'probe', '9.9.9'))).toBe(false);
  });

  it('refuses a mirror folder that is not a Helm repository', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'hydrate-cache-'));
    await expect(
      pullCharts([pin('probe', '1.2.3')], { cacheDir, helmBin: helm(), mirror: cacheDir }),
    ).rejects.toThrow(/is not a Helm repository: it has no index.yaml/);
  });
});

describe('uniquePins', () => {
  it('merges the components that pin the same chart and sorts by chart', () => {
    const pins = uniquePins([
      { component: 'b', repoURL: 'r', chart: 'otel', version: '1' },
      { component: 'a', repoURL: 'r', chart: 'base', version: '2' },
      { component: 'c', repoURL: 'r', chart: 'otel', version: '1' },
    ]);
    expect(pins).toEqual([
      { repoURL: 'r', chart: 'base', version: '2', components: ['a'] },
      { repoURL: 'r', chart: 'otel', version: '1', components: ['b', 'c'] },
    ]);
  });
});
