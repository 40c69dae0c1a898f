import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartAllowKinds, chartRelease, chartScenarios } from './chart-scenarios.ts';
import { ScenarioError } from './errors.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function chartDir(ci: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'chart-scenarios-')), 'demo');
  dirs.push(dir);
  mkdirSync(join(dir, 'ci'), { recursive: true });
  for (const [f, c] of Object.entries(ci)) writeFileSync(join(dir, 'ci', f), c);
  return dir;
}

const RELEASE = `releaseName: demo-config
namespace: demo-system
kubeVersion: "1.32"
scenarios:
  prod:
    kubeVersion: "1.34"
`;

describe('chartScenarios', () => {
  it('renders every scenario as the chart ships: release name, namespace, Kubernetes version', () => {
    const dir = chartDir({
      'prod-values.yaml': 'a: 1\n',
      'edge-values.yaml': 'a: 2\n',
      'release.yaml': RELEASE,
      'harness.yaml': 'allowKinds: [example.com/v1/Widget]\n',
    });
    expect(chartScenarios(dir)).toEqual([
      {
        name: 'edge',
        values: { a: 2 },
        releaseName: 'demo-config',
        namespace: 'demo-system',
        kubeVersion: '1.32',
      },
      {
        name: 'prod',
        values: { a: 1 },
        releaseName: 'demo-config',
        namespace: 'demo-system',
        kubeVersion: '1.34',
      },
    ]);
    expect(chartAllowKinds(dir)).toEqual(['example.com/v1/Widget']);
  });

  it('names the release after the folder when the chart has no release.yaml', () => {
    expect(chartScenarios(chartDir({ 'x-values.yaml': '' }))).toEqual([
      { name: 'x', values: {}, releaseName: 'demo' },
    ]);
    expect(chartRelease(chartDir({}))).toBeUndefined();
  });

  it('reports a malformed release.yaml with the file, the field, expected and found', () => {
    const dir = chartDir({ 'release.yaml': 'releaseName: demo-config\nnamespace: 3\n' });
    expect(() => chartScenarios(dir)).toThrow(ScenarioError);
    expect(() => chartScenarios(dir)).toThrow(
      /release\.yaml: namespace: expected a non-empty string, found 3/,
    );
    const bad = chartDir({ 'release.yaml': `${RELEASE}  edge:\n    kubeVersion: [1]\n` });
    expect(() => chartRelease(bad)).toThrow(
      /scenarios\.edge\.kubeVersion: expected a non-empty string, found \[1\]/,
    );
  });
});
