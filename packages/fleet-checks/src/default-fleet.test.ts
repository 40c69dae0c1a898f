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
  it('renders every cluster', () => {
    expect(renderFailures).toEqual([]);
    expect(fleet.clusters.map((c) => c.cluster).sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
  });

  // Each of these was found on the default fleet and fixed in its component; the unit tests of
  // each check show it fails on such objects.
  it('finds nothing: no reserved PriorityClass, unresolvable URL, oversized CRD, PDB with both fields or untolerated taint', () => {
    expect(lines()).toEqual([]);
  });
});
