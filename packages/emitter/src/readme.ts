import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComputedCluster, ComputedComponent, FleetSettings } from '@platform/core';
import { gitopsBranch, hubCluster, promotionOrder, topologyOf } from '@platform/core';
import Handlebars from 'handlebars';
import type { GeneratorInfo } from './header.ts';
import { installOrder, installOrderDiagram } from './install-order.ts';
import { exampleComponent, structureDiagram } from './structure.ts';

const template = Handlebars.compile(
  readFileSync(join(import.meta.dirname, 'templates', 'readme.hbs'), 'utf8'),
  {
    noEscape: true,
    strict: true,
  },
);

/**
 * The charts of a component for the table: `chart@version`, with the release name where it is
 * not the chart's name, so a chart installed twice (an OpenTelemetry collector as gateway and
 * as agent) says which release is which.
 */
function charts(comp: ComputedComponent): string {
  const def = comp.definition;
  return [
    ...def.upstreamCharts.map((u) => {
      const release = u.releaseName ?? u.id;
      return release === u.chart ? `${u.chart}@${u.version}` : `${u.chart}@${u.version} as ${release}`;
    }),
    ...(def.chart ? [`charts/${def.name}`] : []),
  ].join(', ');
}

/** The generated index of the repository: clusters x components x chart versions, and diagrams. */
export function renderReadme(
  clusters: readonly ComputedCluster[],
  fleet: FleetSettings,
  generator: GeneratorInfo,
): string {
  const order = installOrder(clusters);
  const allComponents = order.waves.flatMap((w) => w.nodes.map((n) => n.name));
  const pattern = clusters[0];
  const example = pattern && exampleComponent(pattern);
  const hub =
    topologyOf(fleet) === 'hub' ? hubCluster(clusters.map((cc) => cc.context.cluster))?.name : undefined;
  return template({
    generator,
    hub: hub ?? false,
    production: clusters
      .filter((cc) => !cc.context.environment.sync.automated)
      .map((cc) => ({
        name: cc.context.cluster.name,
        waves: [...new Set(cc.components.map((x) => x.wave))].sort((a, b) => a - b),
      })),
    argocdNamespace: fleet.argocd.namespace,
    branchPerEnvironment: fleet.gitops.branchPerEnvironment,
    // The order changes move through the environment branches (shown with branchPerEnvironment).
    promotion: promotionOrder(fleet).map((name, i) => {
      const env = clusters.find((cc) => cc.context.environment.name === name)?.context.environment;
      return {
        environment: name,
        branch: env ? gitopsBranch(fleet, env) : '(no cluster)',
        first: i === 0,
      };
    }),
    clusters: clusters.map((cc) => {
      const c = cc.context.cluster;
      const env = cc.context.environment;
      const runs = new Set(cc.components.map((x) => x.definition.name));
      const absent = allComponents.filter((n) => !runs.has(n));
      return {
        name: c.name,
        isHub: c.name === hub,
        environment: c.environment,
        region: c.region,
        role: c.role,
        targetRevision: gitopsBranch(fleet, env),
        sync: env.sync.automated
          ? `automated (prune: ${env.sync.prune}, selfHeal: ${env.sync.selfHeal})`
          : 'manual',
        applications: cc.components.length,
        absent: absent.length > 0 ? absent.join(', ') : '-',
        components: cc.components.map((comp) => ({
          name: comp.definition.name,
          wave: comp.wave,
          namespace: comp.definition.namespace,
          charts: charts(comp),
        })),
      };
    }),
    installOrderDiagram: installOrderDiagram(order),
    partial: order.waves
      .flatMap((w) => w.nodes)
      .filter((n) => n.clusters.length < order.clusters.length)
      .map((n) => ({ name: n.name, clusters: n.clusters.join(', ') })),
    structureDiagram: pattern ? structureDiagram(pattern) : '',
    pattern: pattern && {
      name: pattern.context.cluster.name,
      example: example?.definition.name,
    },
  });
}
