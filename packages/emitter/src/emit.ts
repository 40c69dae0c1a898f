import type { ComputedCluster, FleetSettings } from '@platform/core';
import { OWN_CHART_TARGET } from '@platform/core';
import { ValidationError } from '@platform/errors';
import { stringify } from 'yaml';
import {
  applicationSet,
  appProject,
  bootstrapProject,
  clusterRegistration,
  isSpoke,
  referencedFiles,
  rootApplication,
} from './argo.ts';
import { renderClusterReadme } from './cluster-readme.ts';
import { type GeneratorInfo, yamlHeader } from './header.ts';
import {
  applicationSetFile,
  appProjectFile,
  bootstrapFile,
  chartDir,
  clusterReadmeFile,
  clusterSecretFile,
  README,
  valuesFile,
} from './paths.ts';
import { renderReadme } from './readme.ts';
import { renderValuesFile } from './values-file.ts';

/** Everything the emitter needs; it imports no component. */
export interface EmitInput {
  clusters: readonly ComputedCluster[];
  fleet: FleetSettings;
  /** Our charts' files: component name -> relative path -> content (copied byte for byte). */
  charts: ReadonlyMap<string, ReadonlyMap<string, string>>;
  generator: GeneratorInfo;
}

function yamlFile(header: string, ...objs: unknown[]): string {
  const docs = objs.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${header}\n${docs.join('---\n')}`;
}

/**
 * The whole GitOps tree: repository-relative path -> content. Deterministic (clusters by name,
 * components by wave then name, sorted keys, LF, no timestamps).
 */
export function emitTree(input: EmitInput): Map<string, string> {
  const { fleet, generator } = input;
  const files = new Map<string, string>();
  const clusters = [...input.clusters].sort((a, b) =>
    a.context.cluster.name.localeCompare(b.context.cluster.name),
  );
  for (const cc of clusters) {
    const name = cc.context.cluster.name;
    const what = (s: string) => yamlHeader(generator, `${s} of cluster ${name}`);
    files.set(
      bootstrapFile(name),
      yamlFile(
        what('Bootstrap AppProject, then the root Application (app of apps)'),
        bootstrapProject(cc, fleet),
        rootApplication(cc, fleet),
      ),
    );
    files.set(clusterReadmeFile(name), renderClusterReadme(cc, generator));
    files.set(appProjectFile(name), yamlFile(what('AppProject'), appProject(cc, fleet)));
    files.set(applicationSetFile(name), yamlFile(what('ApplicationSet'), applicationSet(cc, fleet)));
    if (isSpoke(cc, fleet)) {
      files.set(
        clusterSecretFile(name),
        yamlFile(
          what('Registration on the hub Argo CD (credentials from Vault)'),
          clusterRegistration(cc, fleet),
        ),
      );
    }
    for (const comp of cc.components) {
      const def = comp.definition;
      for (const [target, tv] of Object.entries(comp.targets)) {
        const chart =
          target === OWN_CHART_TARGET
            ? `our chart charts/${def.name}`
            : (() => {
                const u = def.upstreamCharts.find((x) => x.id === target)!;
                return `${u.chart}@${u.version} from ${u.repoURL}`;
              })();
        const header = yamlHeader(
          generator,
          `Values of ${chart} for ${def.name} on cluster ${name}.`,
          'Each leaf says which layer set it: defaults < environment < region < role < cluster.',
        );
        files.set(valuesFile(name, def.name, target), renderValuesFile(header, tv.values, tv.provenance));
      }
      const chartFiles = input.charts.get(def.name);
      if (def.chart && chartFiles) {
        for (const [p, content] of [...chartFiles].sort(([a], [b]) => a.localeCompare(b))) {
          files.set(`${chartDir(def.name)}/${p}`, content);
        }
      }
    }
  }
  files.set(README, renderReadme(clusters, fleet, generator));
  const missing = clusters.flatMap((cc) =>
    referencedFiles(cc, fleet)
      .filter((f) => !files.has(f))
      .map((f) => ({ cluster: cc.context.cluster.name, file: f })),
  );
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((m) => ({
        code: 'missing-file',
        cluster: m.cluster,
        message: `an Application references ${m.file}, which the tree does not contain`,
        hint: 'Make sure the component chart exists under charts/.',
      })),
    );
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
