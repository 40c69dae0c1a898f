export {
  type AppSource,
  applicationsOfTree,
  expandApplicationSet,
  type GeneratedApplication,
  goTemplate,
  treeObjects,
} from './applications.ts';
export {
  ChartNotCachedError,
  type ChartPin,
  cachedChartPath,
  chartCacheDir,
  fileDigest,
  missingCharts,
  type PullOptions,
  type PullResult,
  pullCharts,
  uniquePins,
} from './charts.ts';
export { crdApiVersions, describeObject, objectsToYaml, parseRendered, sortObjects } from './manifests.ts';
export { renderedFile, renderedFiles } from './output.ts';
export { RenderError, type RenderOptions, type RenderStats, renderFleet } from './render.ts';
export { readTgz, type TarEntry } from './tar.ts';
export type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from './types.ts';
export { findWorkspaceRoot, requireWorkspaceRoot } from './workspace.ts';

import { join } from 'node:path';

/** The render cache: `$RENDER_CACHE`, else `<root>/.cache/renders` (git-ignored). */
export function renderCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.RENDER_CACHE ?? join(root, '.cache', 'renders');
}
