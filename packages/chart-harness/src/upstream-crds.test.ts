import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateHelm } from './helm-binary.ts';
import { ChartNotPulledError, upstreamCrds } from './upstream-crds.ts';

const crd = (plural: string, kind: string) =>
  `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  names: { kind: ${kind}, plural: ${plural} }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: { type: object }
`;

describe('upstreamCrds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upstream-crds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A packaged chart with one CRD in crds/ and one templated behind a value, like Argo CD's. */
  function packagedChart(): string {
    const chart = join(dir, 'demo');
    mkdirSync(join(chart, 'crds'), { recursive: true });
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.2.3\n');
    writeFileSync(join(chart, 'values.yaml'), 'crds:\n  install: true\nname: ""\n');
    writeFileSync(join(chart, 'crds', 'widgets.yaml'), crd('widgets', 'Widget'));
    writeFileSync(
      join(chart, 'templates', 'gadgets.yaml'),
      `{{- if .Values.crds.install }}\n${crd('gadgets', 'Gadget')}{{- end }}\n---\n{{ required "name is required" .Values.name | printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: %s" }}\n`,
    );
    execFileSync(locateHelm(), ['package', chart, '--destination', dir], { encoding: 'utf8' });
    return join(dir, 'demo-1.2.3.tgz');
  }

  it('renders the CRDs of crds/ and of templates from the packaged chart, and only CRDs', async () => {
    const tgz = packagedChart();
    const crds = await upstreamCrds(tgz, { values: { name: 'x' } });
    expect(crds.map((c) => (c.metadata as { name: string }).name).sort()).toEqual([
      'gadgets.example.com',
      'widgets.example.com',
    ]);
    const without = await upstreamCrds(tgz, { values: { name: 'x', crds: { install: false } } });
    expect(without.map((c) => (c.metadata as { name: string }).name)).toEqual(['widgets.example.com']);
    await expect(upstreamCrds(tgz)).rejects.toThrow(/name is required/);
  });

  it('fails, naming the command to run, when the chart is not in the cache', async () => {
    const missing = join(dir, 'absent-9.9.9.tgz');
    await expect(upstreamCrds(missing)).rejects.toThrow(ChartNotPulledError);
    await expect(upstreamCrds(missing)).rejects.toThrow(
      /absent-9\.9\.9\.tgz is not in the chart cache: run "pnpm charts:pull"/,
    );
  });
});
