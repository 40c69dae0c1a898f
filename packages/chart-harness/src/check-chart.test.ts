import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChartCheckResult, checkChart } from './check-chart.ts';
import { ScenarioError } from './errors.ts';
import type { Finding } from './types.ts';

const chartsDir = fileURLToPath(new URL('./__fixtures__/charts/', import.meta.url));
const results = new Map<string, ChartCheckResult>();

/** Findings of one fixture chart, rendered with one default scenario. */
function findingsOf(chart: string): Finding[] {
  const result = results.get(chart);
  if (result === undefined) throw new Error(`fixture ${chart} was not rendered`);
  return result.findings;
}

/** The one finding a single-defect fixture must produce. */
function onlyFinding(chart: string): Finding {
  const findings = findingsOf(chart);
  expect(findings, JSON.stringify(findings, null, 2)).toHaveLength(1);
  return findings[0] as Finding;
}

beforeAll(async () => {
  // every fixture renders concurrently, once, for the whole file
  const charts = readdirSync(chartsDir);
  const checked = await Promise.all(
    charts.map((chart) =>
      checkChart(join(chartsDir, chart), [{ name: chart, values: {}, namespace: 'fixtures' }]),
    ),
  );
  for (const [i, chart] of charts.entries()) results.set(chart, checked[i] as ChartCheckResult);
});

describe('checkChart on a clean chart', () => {
  it('reports no findings for a Namespace, Deployment, Service and ConfigMap that follow every rule', () => {
    expect(findingsOf('clean')).toEqual([]);
    const kinds = results
      .get('clean')
      ?.objects.get('clean')
      ?.map((o) => o.manifest.kind);
    expect(kinds?.sort()).toEqual(['ConfigMap', 'Deployment', 'Namespace', 'Service']);
  });

  it.each(['argocd-application-valid', 'karpenter-nodepool-valid', 'external-secret-valid', 'cilium-valid'])(
    'reports no findings for the valid custom resources of %s',
    (chart) => {
      expect(findingsOf(chart)).toEqual([]);
      expect(results.get(chart)?.objects.get(chart)?.length).toBeGreaterThan(0);
    },
  );
});

describe('checkChart on single-defect charts', () => {
  it('reports a misspelled field with its path and the closest known name', () => {
    expect(onlyFinding('unknown-field')).toMatchObject({
      scenario: 'unknown-field',
      check: 'unknown-field',
      object: 'apps/v1 Deployment fixtures/web',
      path: 'spec.replica',
      message: expect.stringContaining('did you mean "replicas"?'),
    });
  });

  it('reports a schema type error with what was expected and what was found', () => {
    const finding = onlyFinding('schema-type-error');
    expect(finding).toMatchObject({
      check: 'schema',
      path: 'spec.template.spec.containers[0].ports[0].containerPort',
    });
    expect(finding.message).toContain('expected integer, found string "8080"');
  });

  it('reports every unserved API version with its replacement', () => {
    const findings = findingsOf('unserved-api');
    expect(findings.map((f) => [f.check, f.object, f.path]).sort()).toEqual([
      ['served-api', 'external-secrets.io/v1beta1 ExternalSecret fixtures/db', 'apiVersion'],
      ['served-api', 'karpenter.sh/v1beta1 NodePool general', 'apiVersion'],
      ['served-api', 'policy/v1beta1 PodDisruptionBudget fixtures/web', 'apiVersion'],
    ]);
    const message = (kind: string) => findings.find((f) => f.object.includes(kind))?.message;
    expect(message('ExternalSecret')).toContain('emit external-secrets.io/v1');
    expect(message('NodePool')).toContain('emit karpenter.sh/v1');
    expect(message('PodDisruptionBudget')).toContain('emit policy/v1');
  });

  it('reports a required label missing from the pod template', () => {
    expect(onlyFinding('missing-labels')).toMatchObject({
      check: 'labels',
      path: 'spec.template.metadata.labels.cost-center',
      message: expect.stringContaining('missing required label "cost-center"'),
    });
  });

  it.each([
    ['pod-security-run-as-root', 'spec.template.spec.securityContext.runAsNonRoot', 'expected true'],
    ['pod-security-no-seccomp', 'spec.template.spec.securityContext.seccompProfile', 'RuntimeDefault'],
    [
      'pod-security-privilege-escalation',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'expected false, found true',
    ],
    [
      'pod-security-capabilities',
      'spec.template.spec.containers[0].securityContext.capabilities.drop',
      '"ALL"',
    ],
    ['pod-security-privileged', 'spec.template.spec.containers[0].securityContext.privileged', 'found true'],
    ['pod-security-host-network', 'spec.template.spec.hostNetwork', 'found true'],
  ])('reports the pod security violation of %s', (chart, path, expected) => {
    const finding = onlyFinding(chart);
    expect(finding).toMatchObject({ check: 'pod-security', path });
    expect(finding.message).toContain(expected);
  });

  it('reports an image tagged :latest', () => {
    expect(onlyFinding('image-latest')).toMatchObject({
      check: 'image',
      path: 'spec.template.spec.containers[0].image',
      message: expect.stringContaining('nginxinc/nginx-unprivileged:latest'),
    });
  });

  it('reports an untagged image, even behind a registry port', () => {
    expect(onlyFinding('image-untagged')).toMatchObject({
      check: 'image',
      message: expect.stringContaining('untagged'),
    });
  });

  it('reports each missing request and limit', () => {
    const findings = findingsOf('missing-resources');
    expect(findings.map((f) => [f.check, f.path])).toEqual(
      ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].map((r) => [
        'resources',
        `spec.template.spec.containers[0].resources.${r}`,
      ]),
    );
  });

  it('reports a Secret that carries data and points to ExternalSecrets', () => {
    expect(onlyFinding('secret-with-data')).toMatchObject({
      check: 'secret',
      object: 'v1 Secret fixtures/db',
      path: 'data',
      message: expect.stringContaining('ExternalSecret'),
    });
  });

  it('reports a template that does not render as a render finding with helm’s error', () => {
    const finding = onlyFinding('broken-template');
    expect(finding).toMatchObject({ check: 'render', object: 'chart broken-template' });
    expect(finding.message).toContain('no template "broken.labels"');
    expect(results.get('broken-template')?.objects.size).toBe(0);
  });

  it('reports a rendered document that is not a Kubernetes object as a parse finding', () => {
    expect(onlyFinding('not-an-object')).toMatchObject({
      check: 'parse',
      object: 'not-an-object/templates/settings.yaml',
      message: expect.stringContaining('apiVersion and kind'),
    });
  });

  it('reports a misspelled field in a Cilium policy against our strict schema', () => {
    expect(onlyFinding('cilium-misspelled')).toMatchObject({
      check: 'unknown-field',
      object: 'cilium.io/v2 CiliumNetworkPolicy fixtures/allow-github',
      path: 'spec.egress[0].toFQDN',
      message: expect.stringContaining('did you mean "toFQDNs"?'),
    });
  });
});

describe('checkChart on a chart with several defects', () => {
  it('reports all of them at once', () => {
    const findings = findingsOf('several-defects');
    expect(findings.map((f) => `${f.check} ${f.path}`).sort()).toEqual([
      'image spec.template.spec.containers[0].image',
      'labels spec.template.metadata.labels.layer',
      'secret data',
      'served-api apiVersion',
      'unknown-field spec.replica',
    ]);
  });
});

describe('checkChart scenarios', () => {
  it('renders every scenario and skips policy checks for charts that are not ours', async () => {
    const { findings, objects } = await checkChart(join(chartsDir, 'image-latest'), [
      { name: 'ours', values: {} },
      { name: 'upstream', values: {}, ownWorkloads: false },
    ]);
    expect(findings.map((f) => [f.scenario, f.check])).toEqual([['ours', 'image']]);
    expect([...objects.keys()]).toEqual(['ours', 'upstream']);
  });

  it('fails when two scenarios share a name', async () => {
    const scenario = { name: 'same', values: {} };
    await expect(checkChart(join(chartsDir, 'clean'), [scenario, scenario])).rejects.toThrow(ScenarioError);
  });
});
