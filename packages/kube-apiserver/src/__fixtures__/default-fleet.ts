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
// the command's own pipeline up to the GitOps tree: the same inventory, components and files
import { generate } from '../../../../apps/cli/src/generate.ts';
import { findWorkspaceRoot } from '../binaries.ts';

/**
 * The default fleet (gitops/) rendered as Argo CD will, one cluster at a time so that a cluster
 * whose render fails does not hide the others; those render failures are returned too. Fails
 * when the pinned upstream charts are not in the chart cache.
 */
export async function renderDefaultFleet(): Promise<{ fleet: RenderedFleet; renderFailures: Issue[] }> {
  const root = findWorkspaceRoot() as string;
  const charts = chartCacheDir(root);
  if (!existsSync(cachedChartPath(charts, 'cilium', '1.20.0'))) {
    throw new Error(
      `the pinned upstream charts are not in ${charts}: run "pnpm charts:pull" (see the README)`,
    );
  }
  const gen = await generate({ root, inventoryDir: join(root, 'gitops') });
  const clusters: RenderedFleet['clusters'] = [];
  const renderFailures: Issue[] = [];
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
  return { fleet: { fleet: gen.fleet.settings, clusters, files: gen.files }, renderFailures };
}
