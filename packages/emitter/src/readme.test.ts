import { describe, expect, it } from 'vitest';
import { graphFleet } from './__fixtures__/graph-fleet.ts';
import { fleet, input } from './__fixtures__/input.ts';
import { renderReadme } from './readme.ts';
import { structureDiagram } from './structure.ts';
import { parseFlowchart } from './testing.ts';

const generator = { name: 'gen-gitops', version: '0.0.0-test' };
const mermaidBlocks = (md: string) => [...md.matchAll(/```mermaid\n[\s\S]*?```/g)].map((m) => m[0]);

describe('structureDiagram', () => {
  it('draws one cluster as the pattern: root -> AppProject and ApplicationSet -> an Application and its sources', () => {
    const cc = input().clusters[0]!;
    const chart = parseFlowchart(structureDiagram(cc));
    const label = (id: string) => chart.nodes.get(id)!.join(' ');
    expect(chart.edges.map((e) => `${label(e.from)} -> ${label(e.to)}`)).toEqual([
      'root Application prod-a-root -> AppProject prod-a',
      'root Application prod-a-root -> ApplicationSet prod-a',
      'ApplicationSet prod-a -> Application prod-a-cni one of 2',
      'AppProject prod-a -> Application prod-a-cni one of 2',
      'Application prod-a-cni one of 2 -> upstream chart cni@1.2.3',
      'Application prod-a-cni one of 2 -> our chart charts/cni',
      'Application prod-a-cni one of 2 -> ref: values values-*.yaml of cni',
    ]);
  });

  it('keeps the same size however many clusters and components the fleet has', () => {
    const graph = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, []]));
    const many = graphFleet(
      graph,
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`cluster-${i}`, Object.keys(graph)])),
    );
    const readme = renderReadme(many, fleet, generator);
    const structure = parseFlowchart(mermaidBlocks(readme)[1]!);
    expect(structure.nodes.size).toBe(5);
    // The clusters are rows of the table under it.
    expect(readme).toContain(
      '| [cluster-199](clusters/cluster-199/README.md) | `cluster-199-root` | 40 | - |',
    );
  });
});

describe('renderReadme', () => {
  it('says which release is which when a component installs a chart under another name', () => {
    const base = input();
    const cc = base.clusters[0]!;
    const stack = cc.components[1]!;
    const twice = {
      ...stack,
      definition: {
        ...stack.definition,
        upstreamCharts: [
          {
            ...stack.definition.upstreamCharts[0]!,
            id: 'gateway',
            chart: 'collector',
            releaseName: 'otel-gateway',
          },
          {
            ...stack.definition.upstreamCharts[0]!,
            id: 'agent',
            chart: 'collector',
            releaseName: 'otel-agent',
          },
        ],
      },
    };
    const readme = renderReadme([{ ...cc, components: [cc.components[0]!, twice] }], base.fleet, generator);
    expect(readme).toContain(
      '| prod-a | stack | 1 | monitoring | collector@2.0.0 as otel-gateway, collector@2.0.0 as otel-agent |',
    );
    expect(readme).toContain('| prod-a | cni | 0 | kube-system | cni@1.2.3, charts/cni |');
  });

  it('lists the components that not every cluster runs, with the clusters that do', () => {
    const graph = { a: [], b: ['a'] };
    const readme = renderReadme(
      graphFleet(graph, { x: ['a', 'b'], y: ['a'], z: ['a', 'b'] }),
      fleet,
      generator,
    );
    expect(readme).toContain('| b | x, z |');
    expect(readme).toContain('| [y](clusters/y/README.md) | `y-root` | 1 | b |');
  });

  it('writes only diagrams the flowchart reader accepts, and no structure diagram for an empty fleet', () => {
    for (const block of mermaidBlocks(renderReadme(input().clusters, fleet, generator)))
      parseFlowchart(block);
    expect(mermaidBlocks(renderReadme([], fleet, generator))).toHaveLength(1);
  });
});
