import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { locateHelm } from '@platform/chart-harness';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import cilium from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
const upstream = cilium.upstreamCharts[0]!;

/** Renders the pinned Cilium chart from the chart cache, as Argo CD's repo server would. */
function render(values: unknown): string {
  const cache = process.env.CHART_CACHE ?? join(root, '.cache/charts');
  const tgz = join(cache, `${upstream.chart}-${upstream.version}.tgz`);
  if (!existsSync(tgz)) throw new Error(`${tgz} is missing: run "pnpm charts:pull" to fill the chart cache`);
  const dir = mkdtempSync(join(tmpdir(), 'hubble-tls-'));
  try {
    writeFileSync(join(dir, 'values.yaml'), stringify(values));
    return execFileSync(
      locateHelm(),
      [
        'template',
        'cilium',
        tgz,
        '-n',
        'kube-system',
        '-f',
        join(dir, 'values.yaml'),
        '--kube-version',
        '1.33',
        '--api-versions',
        'monitoring.coreos.com/v1',
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const defaults = () => {
  const ctx = {
    cluster: {
      name: 'agentic-dev-usw2',
      environment: 'development',
      region: 'us-west-2',
      role: 'primary',
      apiServerEndpoint: 'https://agentic-dev-usw2.gr7.us-west-2.eks.amazonaws.com',
      network: { podCidr: '10.17.0.0/16', vpcCidr: '10.16.0.0/16', serviceCidr: '10.18.0.0/16' },
      labels: { 'cost-center': 'platform-engineering' },
    },
    environment: { name: 'development', replicas: 1, pdb: { enabled: false }, networkPolicy: 'permissive' },
    region: {
      name: 'us-west-2',
      shortName: 'usw2',
      vaultAddress: 'https://vault.us-west-2.example.com:8200',
      dnsZone: 'us-west-2.example.com',
    },
    enabledComponents: new Set(['observability']),
  } as unknown as Parameters<typeof cilium.values>[0];
  return cilium.values(ctx).defaults?.cilium as Record<string, any>;
};

describe('Hubble TLS under Argo CD', { timeout: 120_000 }, () => {
  it('renders byte-identical twice with the method the component sets (cronJob)', () => {
    const values = defaults();
    expect(values.hubble.tls.auto.method).toBe('cronJob');
    expect(render(values)).toBe(render(values));
  });

  it("fails with Helm's own method: every render is new certificates, endless drift", () => {
    const values = defaults();
    values.hubble.tls = { auto: { enabled: true, method: 'helm' } };
    expect(render(values)).not.toBe(render(values));
  });
});
