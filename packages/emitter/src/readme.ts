import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComputedCluster, FleetSettings } from '@platform/core';
import { gitopsBranch } from '@platform/core';
import Handlebars from 'handlebars';
import type { GeneratorInfo } from './header.ts';

const template = Handlebars.compile(
  readFileSync(join(import.meta.dirname, 'templates', 'readme.hbs'), 'utf8'),
  {
    noEscape: true,
    strict: true,
  },
);

const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');

/** The generated index of the repository: clusters x components x chart versions, and diagrams. */
export function renderReadme(
  clusters: readonly ComputedCluster[],
  fleet: FleetSettings,
  generator: GeneratorInfo,
): string {
  const edges = new Set<string>();
  for (const cc of clusters) {
    for (const comp of cc.components)
      for (const d of comp.definition.dependsOn) edges.add(`${id(d)} --> ${id(comp.definition.name)}`);
  }
  return template({
    generator,
    argocdNamespace: fleet.argocd.namespace,
    branchPerEnvironment: fleet.gitops.branchPerEnvironment,
    clusters: clusters.map((cc) => {
      const c = cc.context.cluster;
      const env = cc.context.environment;
      return {
        name: c.name,
        id: id(c.name),
        environment: c.environment,
        region: c.region,
        role: c.role,
        targetRevision: gitopsBranch(fleet, env),
        sync: env.sync.automated
          ? `automated (prune: ${env.sync.prune}, selfHeal: ${env.sync.selfHeal})`
          : 'manual',
        components: cc.components.map((comp) => ({
          name: comp.definition.name,
          id: id(comp.definition.name),
          wave: comp.wave,
          namespace: comp.definition.namespace,
          charts: [
            ...comp.definition.upstreamCharts.map((u) => `${u.chart}@${u.version}`),
            ...(comp.definition.chart ? [`charts/${comp.definition.name}`] : []),
          ].join(', '),
        })),
      };
    }),
    dependencies: [...edges].sort().map((e) => {
      const [from, to] = e.split(' --> ');
      return { from, to };
    }),
  });
}
