import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { locateHelm } from '@platform/chart-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  GatorError,
  GatorNotFoundError,
  gatorTest,
  type KubeObject,
  locateGator,
  splitPolicies,
} from './index.ts';

const root = resolve(import.meta.dirname, '../../..');

/** Our Gatekeeper policies chart rendered with the real helm, as a cluster's values file sets it. */
function renderGatekeeperChart(valuesFile: string): KubeObject[] {
  const out = execFileSync(
    locateHelm(),
    [
      'template',
      'gatekeeper-policies',
      join(root, 'charts/gatekeeper'),
      '--namespace',
      'gatekeeper-system',
      '-f',
      valuesFile,
    ],
    { encoding: 'utf8' },
  );
  return parseAllDocuments(out)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

const deployment = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1.27' }] } },
  },
});
const costLabels = { 'cost-center': 'platform-engineering', layer: 'l10', environment: 'production' };

describe('gatorTest with our K8sRequiredLabels template and require-cost-labels constraint', () => {
  const prod = splitPolicies(
    renderGatekeeperChart(join(root, 'charts/gatekeeper/ci/agentic-prod-usw2-values.yaml')),
  );

  it('finds the template and the constraint in the rendered chart', () => {
    expect(prod.templates.map((t) => t.metadata?.name)).toEqual(['k8srequiredlabels']);
    expect(prod.constraints.map((c) => `${c.kind}/${c.metadata?.name}`)).toEqual([
      'K8sRequiredLabels/require-cost-labels',
    ]);
  });

  it('denies a Deployment without the required labels and passes one with them', async () => {
    const violations = await gatorTest({
      ...prod,
      objects: [deployment('unlabelled', 'apps'), deployment('labelled', 'apps', costLabels)],
    });
    expect(violations).toEqual([
      expect.objectContaining({
        ref: 'apps/v1 Deployment apps/unlabelled',
        constraintKind: 'K8sRequiredLabels',
        constraintName: 'require-cost-labels',
        enforcementAction: 'deny',
      }),
    ]);
    expect(violations[0]?.message).toMatch(/^Deployment unlabelled is missing the required labels/);
    expect(violations[0]?.message).toContain('cost-center');
  });

  it('leaves the excluded namespaces alone and reports a partly labelled object', async () => {
    const violations = await gatorTest({
      ...prod,
      objects: [
        deployment('coredns', 'kube-system'),
        deployment('half', 'apps', { 'cost-center': 'x', layer: '' }),
      ],
    });
    expect(violations.map((v) => v.ref)).toEqual(['apps/v1 Deployment apps/half']);
    expect(violations[0]?.message).toContain('environment');
    expect(violations[0]?.message).toContain('layer');
  });

  it('reports the enforcement action of a development cluster (dryrun: audit only)', async () => {
    const dev = splitPolicies(
      renderGatekeeperChart(join(root, 'charts/gatekeeper/ci/agentic-dev-usw2-values.yaml')),
    );
    const violations = await gatorTest({ ...dev, objects: [deployment('unlabelled', 'apps')] });
    expect(violations.map((v) => [v.ref, v.enforcementAction])).toEqual([
      ['apps/v1 Deployment apps/unlabelled', 'dryrun'],
    ]);
  });

  it("fails with gator's message when a constraint has no template", async () => {
    await expect(
      gatorTest({ templates: [], constraints: prod.constraints, objects: [deployment('x', 'apps')] }),
    ).rejects.toThrow(GatorError);
  });
});

describe('locateGator', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  });

  it('says to run scripts/setup.sh when gator is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gator-root-'));
    temps.push(dir);
    expect(() => locateGator({}, dir)).toThrow(GatorNotFoundError);
    expect(() => locateGator({}, dir)).toThrow(
      `gator v3.23.0 was not found (looked at ${dir}/.tools/bin/gator-v3.23.0). Run 'bash scripts/setup.sh'`,
    );
  });
});
