// @ts-check
/**
 * Local nx plugin for the Helm charts of this monorepo.
 *
 * Every `charts/<name>/Chart.yaml` becomes the nx project `chart-<name>` with inferred targets:
 * - `lint`: `helm lint --strict` once per scenario (`ci/*-values.yaml`, the chart-testing convention);
 * - `test`: the chart test harness over every scenario (real `helm template`, schemas, policies);
 *   both render as the chart ships: the release name, namespace and Kubernetes version of the
 *   generated `ci/release.yaml` (how Argo CD installs the chart);
 * - `check-generated`: fails when the chart's generated files (`values.schema.json`, scenarios) are stale.
 *
 * `createDependencies` adds the edges chart -> component package (`packages/components/<name>`,
 * when one exists) and chart -> chart harness, so `nx affected` re-tests a chart when the code
 * that computes its values, or the code that tests it, changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const name = 'platform-chart-plugin';

const CHART_GLOB = 'charts/*/Chart.yaml';
const HARNESS_PACKAGE = 'packages/chart-harness';
const FLEET_PROJECT = 'gitops';

/** nx project name of the chart folder `charts/<chart>`. */
export function chartProjectName(chart) {
  return `chart-${chart}`;
}

/** nx project name declared by a package.json (its `nx.name`, else its `name`), or undefined. */
export function packageProjectName(workspaceRoot, packageDir) {
  const file = join(workspaceRoot, packageDir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  return pkg.nx?.name ?? pkg.name;
}

/** The projects a chart depends on: its component package (when present) and the harness. */
export function chartDependencies(workspaceRoot, chart) {
  const deps = [];
  const component = packageProjectName(workspaceRoot, join('packages/components', chart));
  if (component) deps.push({ project: component, why: 'computes the values of this chart' });
  const harness = packageProjectName(workspaceRoot, HARNESS_PACKAGE);
  if (harness) deps.push({ project: harness, why: 'renders and checks this chart in its tests' });
  if (existsSync(join(workspaceRoot, FLEET_PROJECT, 'project.json'))) {
    deps.push({ project: 'fleet', why: 'the inventory the chart scenarios are generated from' });
  }
  return deps;
}

/** The helm the targets run: a different release invalidates their cached results. */
const HELM_VERSION_INPUT = { runtime: 'node tools/nx-chart-plugin/find-helm.mjs --version' };

function chartTargets(root) {
  const harnessCli = `tsx ${HARNESS_PACKAGE}/src/cli.ts`;
  return {
    lint: {
      command: `node tools/nx-chart-plugin/helm-lint.mjs ${root}`,
      cache: true,
      inputs: ['default', HELM_VERSION_INPUT],
      metadata: { description: 'helm lint --strict for every scenario in ci/*-values.yaml' },
    },
    test: {
      command: `${harnessCli} check ${root}`,
      cache: true,
      outputs: ['{projectRoot}/.test-results'],
      inputs: ['default', '^production', HELM_VERSION_INPUT],
      metadata: {
        description: 'Render every scenario with the real helm and check schemas, served APIs and policies',
      },
    },
    'check-generated': {
      command: `tsx apps/cli/src/gen-files.ts --check --chart ${root.split('/').at(-1)}`,
      cache: true,
      inputs: ['default', '^production', '{workspaceRoot}/apps/cli/src/**/*'],
      metadata: { description: 'Fail when values.schema.json or the generated scenarios are stale' },
    },
  };
}

/** @type {import('nx/src/project-graph/plugins/public-api').CreateNodes} */
export const createNodes = [
  CHART_GLOB,
  async (configFiles) =>
    configFiles.map((file) => {
      const root = dirname(file);
      const chart = basename(root);
      return [
        file,
        {
          projects: {
            [root]: {
              name: chartProjectName(chart),
              root,
              projectType: 'library',
              tags: ['type:chart'],
              targets: chartTargets(root),
            },
          },
        },
      ];
    }),
];

/** @type {import('nx/src/project-graph/plugins/public-api').CreateDependencies} */
export const createDependencies = (_options, context) => {
  const out = [];
  for (const [projectName, config] of Object.entries(context.projects)) {
    const root = config.root;
    if (!root?.startsWith('charts/') || !existsSync(join(context.workspaceRoot, root, 'Chart.yaml')))
      continue;
    const chart = basename(root);
    for (const dep of chartDependencies(context.workspaceRoot, chart)) {
      if (!context.projects[dep.project]) continue;
      out.push({
        source: projectName,
        target: dep.project,
        type: 'static',
        sourceFile: `${root}/Chart.yaml`,
      });
    }
  }
  return out;
};
