import type { ComputedCluster, ComputedComponent } from '@platform/core';
import { mermaidBlock, mermaidLabel } from './mermaid.ts';
import { chartDir } from './paths.ts';

/**
 * The Application the structure diagram draws: the first in install order that has both an
 * upstream chart and our chart, so all three kinds of source show; else the first one.
 */
export function exampleComponent(cc: ComputedCluster): ComputedComponent | undefined {
  return (
    cc.components.find((c) => c.definition.upstreamCharts.length > 0 && c.definition.chart) ??
    cc.components[0]
  );
}

/**
 * One cluster drawn as the pattern every cluster follows: the root Application from bootstrap/
 * syncs the cluster's AppProject and ApplicationSet; the ApplicationSet generates one
 * Application per component, with its sources (the upstream chart, our chart, and the `ref:
 * values` source its values files come from). The other clusters are rows of a table, so the
 * picture keeps its size however many clusters the fleet has.
 */
export function structureDiagram(cc: ComputedCluster): string {
  const name = cc.context.cluster.name;
  const lines = [
    'flowchart TD',
    `  root[${mermaidLabel('root Application', `${name}-root`)}]`,
    `  project[${mermaidLabel('AppProject', name)}]`,
    `  appset[${mermaidLabel('ApplicationSet', name)}]`,
    '  root -->|syncs| project',
    '  root -->|syncs| appset',
  ];
  const comp = exampleComponent(cc);
  if (comp) {
    const def = comp.definition;
    const count = cc.components.length;
    lines.push(
      `  app[${mermaidLabel('Application', `${name}-${def.name}`, `one of ${count}`)}]`,
      '  appset -->|generates| app',
      '  project -.->|scopes| app',
    );
    if (def.upstreamCharts.length > 0) {
      const charts = def.upstreamCharts.map((u) => `${u.chart}@${u.version}`);
      lines.push(
        `  upstream[${mermaidLabel(charts.length > 1 ? 'upstream charts' : 'upstream chart', ...charts)}]`,
        '  app --> upstream',
      );
    }
    if (def.chart) lines.push(`  own[${mermaidLabel('our chart', chartDir(def.name))}]`, '  app --> own');
    lines.push(
      `  values[${mermaidLabel('ref: values', `values-*.yaml of ${def.name}`)}]`,
      '  app --> values',
    );
  }
  return mermaidBlock(lines);
}
