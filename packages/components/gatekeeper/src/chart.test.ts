import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkChart,
  crdProblems,
  crdSchema,
  type RenderedObject,
  upstreamCrds,
} from '@platform/chart-harness';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, CLUSTERS, compute, loadDefaultFleet, ROOT } from './__fixtures__/fleet.ts';
import gatekeeper, { type ChartValues, gatekeeperSchemaFor } from './index.ts';

const PIN = gatekeeper.upstreamCharts.find((u) => u.id === 'gatekeeper')!;

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
};

/** What the chart harness accepts without a model package; validated strictly below instead. */
const ALLOW_KINDS = (
  parse(readFileSync(join(CHART_DIR, 'ci/harness.yaml'), 'utf8')) as { allowKinds: string[] }
).allowKinds;

let objects: Map<string, RenderedObject[]>;
let findings: unknown[];
let chartValues: Record<string, ChartValues>;

beforeAll(async () => {
  const { issues, byCluster } = compute(await loadDefaultFleet());
  expect(issues).toEqual([]);
  chartValues = Object.fromEntries(Object.entries(byCluster).map(([c, v]) => [c, v.chart]));
  const scenarios = Object.entries(byCluster).map(([name, v]) => ({
    name,
    values: v.chart as Record<string, unknown>,
    namespace: 'gatekeeper-system',
    releaseName: 'gatekeeper-config',
    kubeVersion: `${v.context.cluster.kubernetesVersion}.0`,
  }));
  ({ objects, findings } = await checkChart(CHART_DIR, scenarios, { allowKinds: ALLOW_KINDS }));
});

const manifests = (cluster: string) =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as unknown as Manifest);
const byKind = (cluster: string, kind: string) => manifests(cluster).find((m) => m.kind === kind)!;

describe('charts/gatekeeper rendered with the real helm for every cluster', () => {
  it('passes the harness with only the Gatekeeper kinds allow-listed', () => {
    expect(findings).toEqual([]);
    expect(ALLOW_KINDS).toEqual([
      'templates.gatekeeper.sh/v1/ConstraintTemplate',
      'constraints.gatekeeper.sh/v1beta1/K8sRequiredLabels',
      'config.gatekeeper.sh/v1alpha1/Config',
    ]);
    for (const c of CLUSTERS)
      expect(
        manifests(c)
          .map((m) => `${m.apiVersion}/${m.kind}`)
          .sort(),
      ).toEqual([...ALLOW_KINDS].sort());
  });

  it('renders objects that pass the strict Gatekeeper schemas (unknown fields rejected)', () => {
    for (const c of CLUSTERS)
      for (const m of manifests(c)) {
        const schema = gatekeeperSchemaFor(m.apiVersion);
        expect(schema, m.apiVersion).toBeDefined();
        expect(schema!.safeParse(m).error?.issues ?? [], `${c} ${m.kind}`).toEqual([]);
      }
    const constraint = structuredClone(byKind('agentic-prod-usw2', 'K8sRequiredLabels')) as Manifest & {
      spec: { mtach?: unknown };
    };
    constraint.spec.mtach = {};
    expect(gatekeeperSchemaFor(constraint.apiVersion)!.safeParse(constraint).success).toBe(false);
    const template = structuredClone(byKind('agentic-prod-usw2', 'ConstraintTemplate'));
    template.metadata.name = 'required-labels';
    expect(gatekeeperSchemaFor(template.apiVersion)!.safeParse(template).success).toBe(false);
  });

  it('denies in production and the DR cluster, and only audits elsewhere', () => {
    expect(CLUSTERS.map((c) => byKind(c, 'K8sRequiredLabels').spec.enforcementAction)).toEqual([
      'dryrun',
      'warn',
      'deny',
      'deny',
    ]);
  });

  it('matches Namespaces and apps workloads outside the system namespaces, requiring the cost labels', () => {
    expect(byKind('agentic-prod-usw2', 'K8sRequiredLabels').spec).toEqual({
      enforcementAction: 'deny',
      match: {
        kinds: [
          { apiGroups: [''], kinds: ['Namespace'] },
          { apiGroups: ['apps'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet'] },
        ],
        excludedNamespaces: ['kube-system', 'kube-public', 'gatekeeper-system'],
      },
      parameters: { labels: ['cost-center', 'layer', 'environment'] },
    });
  });

  it('replicates into the cache every kind the constraint matches, since the audit reads the cache', () => {
    for (const c of CLUSTERS) {
      const synced = (
        byKind(c, 'Config').spec.sync as { syncOnly: { group: string; kind: string }[] }
      ).syncOnly.map((k) => `${k.group}/${k.kind}`);
      const match = byKind(c, 'K8sRequiredLabels').spec.match as {
        kinds: { apiGroups: string[]; kinds: string[] }[];
      };
      const matched = match.kinds.flatMap((k) =>
        k.apiGroups.flatMap((g) => k.kinds.map((kind) => `${g}/${kind}`)),
      );
      expect(
        matched.filter((k) => !synced.includes(k)),
        c,
      ).toEqual([]);
      expect(matched.length, c).toBeGreaterThan(0);
    }
  });

  it('orders the objects with sync waves: Config 0, template 1, constraint 2 with dry run skipped', () => {
    const annotations = (kind: string) => byKind('agentic-stg-usw2', kind).metadata.annotations ?? {};
    expect(annotations('Config')['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(annotations('ConstraintTemplate')['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(annotations('K8sRequiredLabels')).toMatchObject({
      'argocd.argoproj.io/sync-wave': '2',
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
  });

  it('gives the constraint parameters that the template parameter schema accepts', () => {
    const schema = (
      byKind('agentic-prod-usw2', 'ConstraintTemplate').spec as {
        crd: { spec: { validation: { openAPIV3Schema: Record<string, unknown> } } };
      }
    ).crd.spec.validation.openAPIV3Schema;
    const validate = new Ajv({ allErrors: true }).compile({ ...schema, additionalProperties: false });
    const params = byKind('agentic-prod-usw2', 'K8sRequiredLabels').spec.parameters;
    expect(validate(params) ? [] : validate.errors).toEqual([]);
    expect(validate({ labels: 'cost-center' })).toBe(false);
  });

  it('renders the hand-written edge scenarios clean and strictly valid', async () => {
    const edges = readdirSync(join(CHART_DIR, 'ci')).filter((f) => /^edge-.*-values\.yaml$/.test(f));
    expect(edges.length).toBeGreaterThan(0);
    const r = await checkChart(
      CHART_DIR,
      edges.map((f) => ({
        name: f,
        values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')) as Record<string, unknown>,
      })),
      { allowKinds: ALLOW_KINDS },
    );
    expect(r.findings).toEqual([]);
    for (const list of r.objects.values())
      for (const o of list)
        expect(gatekeeperSchemaFor(String(o.manifest.apiVersion))!.safeParse(o.manifest).success).toBe(true);
  });

  it('fails rendering with one aggregated message when production would not deny', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.requiredLabels.enforcementAction = 'dryrun';
    values.requiredLabels.excludedNamespaces = ['kube-public'];
    const r = await checkChart(CHART_DIR, [{ name: 'bad', values: values as Record<string, unknown> }], {
      allowKinds: ALLOW_KINDS,
    });
    expect(r.findings).toHaveLength(1);
    const message = (r.findings[0] as { message: string }).message;
    expect(message).toContain('gatekeeper policy values are invalid');
    expect(message).toContain('requiredLabels.enforcementAction: production must deny, found "dryrun"');
    expect(message).toContain('requiredLabels.excludedNamespaces: must contain "kube-system"');
  });
});

describe(`cross-check against the CRDs of the gatekeeper chart ${PIN.version} (chart cache)`, () => {
  // loaded in each test, so a missing chart fails every test with the command to run
  let crds: Promise<Record<string, unknown>[]> | undefined;
  const schema = async (kind: string, version: string) => {
    crds ??= upstreamCrds(cachedChartPath(chartCacheDir(ROOT), PIN.chart, PIN.version), {
      namespace: gatekeeper.namespace,
    });
    const found = crdSchema(await crds, kind, version);
    expect(found, `gatekeeper ${PIN.version} ships the ${kind} ${version} CRD`).toBeDefined();
    return found!;
  };

  it('validates the ConstraintTemplate against templates.gatekeeper.sh/v1', async () => {
    const template = await schema('ConstraintTemplate', 'v1');
    for (const c of CLUSTERS) expect(crdProblems(template, byKind(c, 'ConstraintTemplate')), c).toEqual([]);
    const bad = structuredClone(byKind('agentic-prod-usw2', 'ConstraintTemplate'));
    bad.spec.target = bad.spec.targets;
    expect(crdProblems(template, bad)).toEqual(['spec.target: unknown field']);
  });

  it('validates the Config against config.gatekeeper.sh/v1alpha1', async () => {
    const config = await schema('Config', 'v1alpha1');
    for (const c of CLUSTERS) expect(crdProblems(config, byKind(c, 'Config')), c).toEqual([]);
    expect(
      crdProblems(config, {
        ...byKind('agentic-prod-usw2', 'Config'),
        spec: { match: [{ excludedNamespaces: ['Kube_System'] }] },
      }),
    ).toEqual([expect.stringContaining('spec.match[0].excludedNamespaces[0]: "Kube_System" does not match')]);
  });
});

describe('charts/gatekeeper values.yaml', () => {
  it('documents every key with a "# --" comment and holds the development defaults', () => {
    const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    const lines = text.split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^\s*[a-zA-Z-]+:/.test(line)) return [];
      let j = i - 1;
      while (j >= 0 && /^\s*#/.test(lines[j]!) && !/^\s*# --/.test(lines[j]!)) j--;
      return j >= 0 && /^\s*# --/.test(lines[j]!) ? [] : [line.trim()];
    });
    expect(undocumented).toEqual([]);
    const file = parse(text) as ChartValues;
    const dev = chartValues['agentic-dev-usw2']!;
    expect(file.requiredLabels).toEqual(dev.requiredLabels);
    expect(file.config).toEqual(dev.config);
  });
});
