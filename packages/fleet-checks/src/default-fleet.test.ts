import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateHelm } from '@platform/chart-harness';
import { type Issue, ValidationError } from '@platform/errors';
import {
  cachedChartPath,
  chartCacheDir,
  type RenderedFleet,
  renderCacheDir,
  renderFleet,
} from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
// the command's own pipeline up to the GitOps tree: the same inventory, components and files
import { generate } from '../../../apps/cli/src/generate.ts';
import { FLEET_CHECKS, runFleetChecks } from './index.ts';
import { findWorkspaceRoot } from './workspace.ts';

const root = findWorkspaceRoot() as string;
let fleet: RenderedFleet;
let issues: Issue[];
/** Render failures per cluster (Argo CD cannot sync those Applications at all). */
const renderFailures: Issue[] = [];

beforeAll(async () => {
  const charts = chartCacheDir(root);
  if (!existsSync(cachedChartPath(charts, 'cilium', '1.20.0'))) {
    throw new Error(
      `the pinned upstream charts are not in ${charts}: run "pnpm charts:pull" (see the README)`,
    );
  }
  const gen = await generate({ root, inventoryDir: join(root, 'gitops') });
  // one cluster at a time, so a cluster whose render fails does not hide the others' findings
  const clusters: RenderedFleet['clusters'] = [];
  for (const computed of gen.clusters) {
    try {
      const { rendered } = await renderFleet({
        files: gen.files,
        clusters: [computed],
        fleet: gen.fleet.settings,
        helmBin: locateHelm(),
        chartCacheDir: charts,
        renderCacheDir: renderCacheDir(root),
      });
      clusters.push(...rendered.clusters);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      renderFailures.push(...error.issues);
    }
  }
  fleet = { fleet: gen.fleet.settings, clusters, files: gen.files };
  issues = runFleetChecks(fleet, FLEET_CHECKS);
}, 900_000);

/** `code cluster component object path` of every issue, for readable assertions. */
const lines = () => issues.map((i) => [i.code, i.cluster, i.component, i.object, i.path].join(' '));

describe('the fleet checks on the default fleet, rendered as Argo CD will', () => {
  it('renders every cluster but those where the Cilium chart refuses the cluster ID (known, fixed elsewhere)', () => {
    const failed = renderFailures.map((i) => i.cluster as string);
    expect(fleet.clusters.length).toBeGreaterThanOrEqual(2);
    expect([...fleet.clusters.map((c) => c.cluster), ...failed].sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    for (const failure of renderFailures) {
      expect(failure).toMatchObject({
        component: 'cilium',
        message: expect.stringContaining('cluster ID is 128-255'),
      });
    }
  });

  // the default fleet has known problems that another change fixes in the components; until then
  // these assertions say the checks find them (replace them with `toEqual([])` once fixed)
  it('finds the reserved PriorityClass system-critical on every cluster', () => {
    for (const cluster of fleet.clusters) {
      expect(lines()).toContain(
        `reserved-priority-class ${cluster.cluster} platform-baseline scheduling.k8s.io/v1 PriorityClass system-critical metadata.name`,
      );
    }
  });

  it("finds OpenCost's Prometheus URL in the cluster name's domain", () => {
    const found = issues.filter((i) => i.code === 'bad-service-domain' && i.component === 'opencost');
    expect(found.map((i) => i.cluster).sort()).toEqual(fleet.clusters.map((c) => c.cluster).sort());
    expect(found[0]?.found).toMatch(/^http:\/\/[a-z0-9-]+\.monitoring\.svc\.agentic-[a-z0-9-]+:9090$/);
  });

  it("finds the ApplicationSet CRD too large for the argo-cd Application's client-side apply", () => {
    expect(lines()).toContain(
      'annotations-too-large agentic-dev-usw2 argo-cd apiextensions.k8s.io/v1 CustomResourceDefinition applicationsets.argoproj.io metadata.annotations',
    );
  });

  it('finds the Cilium operator PodDisruptionBudget with both fields where the PDB is rendered', () => {
    expect(lines().filter((l) => l.startsWith('pdb-both-fields'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^pdb-both-fields agentic-\S+ cilium policy\/v1 PodDisruptionBudget kube-system\/cilium-operator spec\.maxUnavailable$/,
        ),
      ]),
    );
  });

  it('finds the Cilium operator unable to run on the tainted system nodes before Karpenter', () => {
    expect(lines()).toContain(
      'untolerated-taint agentic-dev-usw2 cilium apps/v1 Deployment kube-system/cilium-operator spec.template.spec.tolerations',
    );
  });

  it('finds nothing else: every issue is one of the known findings', () => {
    const known = new Set([
      'reserved-priority-class',
      'bad-service-domain',
      'annotations-too-large',
      'pdb-both-fields',
      'untolerated-taint',
    ]);
    expect(issues.filter((i) => !known.has(i.code))).toEqual([]);
  });
});
