import { describe, expect, it } from 'vitest';
import { graphFleet, randomDag } from './__fixtures__/graph-fleet.ts';
import { installOrder, installOrderDiagram, transitiveReduction } from './install-order.ts';
import { closure, impliedEdges, parseFlowchart } from './testing.ts';

/** The dependency edges of a graph, dependency first (the direction of install). */
const dependencyEdges = (graph: Record<string, string[]>) =>
  Object.entries(graph).flatMap(([to, deps]) => deps.map((from) => ({ from, to })));

/** The fleet the issue describes: some shortcuts, one component (istio) not on every cluster. */
const platform: Record<string, string[]> = {
  'prometheus-operator-crds': [],
  'platform-baseline': [],
  cilium: ['prometheus-operator-crds'],
  'external-secrets': ['prometheus-operator-crds', 'cilium'],
  istio: ['cilium'],
  gatekeeper: ['cilium', 'platform-baseline'],
  observability: ['prometheus-operator-crds', 'cilium', 'platform-baseline', 'external-secrets'],
  'argo-cd': ['prometheus-operator-crds', 'cilium', 'external-secrets'],
  opencost: ['prometheus-operator-crds', 'observability'],
};
const all = Object.keys(platform);
const clusters = graphFleet(platform, {
  dev: all.filter((c) => c !== 'istio'),
  prod: all,
  stg: all,
});

/** Checks what the issue asks of the install-order diagram, for any fleet. */
function expectReadableInstallOrder(fleet: ReturnType<typeof graphFleet>, graph: Record<string, string[]>) {
  const chart = parseFlowchart(installOrderDiagram(installOrder(fleet)));
  const name = (id: string) => chart.nodes.get(id)![0]!;
  const edges = chart.edges.map((e) => ({ from: name(e.from), to: name(e.to) }));
  // Only edges that no path of two or more others implies ...
  expect(impliedEdges(edges)).toEqual([]);
  // ... and still every dependency: the same reachability as the full graph.
  const present = new Set(fleet.flatMap((cc) => cc.components.map((c) => c.definition.name)));
  const full = dependencyEdges(graph).filter((e) => present.has(e.from) && present.has(e.to));
  expect(closure(edges)).toEqual(closure(full));
  // Each wave is exactly one column, in wave order, holding exactly that wave's components.
  const waveOf = new Map(fleet.flatMap((cc) => cc.components.map((c) => [c.definition.name, c.wave])));
  const waves = [...new Set(waveOf.values())].sort((a, b) => a - b);
  expect(chart.direction).toBe('LR');
  expect(chart.subgraphs.map((s) => s.title)).toEqual(waves.map((w) => `wave ${w}`));
  for (const [i, sg] of chart.subgraphs.entries()) {
    const expected = [...waveOf].filter(([, w]) => w === waves[i]).map(([n]) => n);
    expect(sg.nodes.map(name).sort(), sg.title).toEqual(expected.sort());
  }
  // Every node sits in a column, and its label starts with the component's name.
  expect(chart.subgraphs.flatMap((s) => s.nodes).sort()).toEqual([...chart.nodes.keys()].sort());
  expect([...chart.nodes.values()].map((l) => l[0]).sort()).toEqual([...present].sort());
  return chart;
}

describe('transitiveReduction', () => {
  it('drops exactly the edges that a longer path implies', () => {
    expect(
      transitiveReduction([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
        ['c', 'd'],
        ['a', 'd'],
        ['x', 'd'],
      ]),
    ).toEqual([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['x', 'd'],
    ]);
  });

  it('keeps an edge that no other path implies, however long the other paths are', () => {
    expect(
      transitiveReduction([
        ['a', 'b'],
        ['a', 'c'],
        ['c', 'd'],
      ]),
    ).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['c', 'd'],
    ]);
  });
});

describe('installOrderDiagram', () => {
  it('draws the reduced graph with one column per wave and component names as labels', () => {
    const chart = expectReadableInstallOrder(clusters, platform);
    const name = (id: string) => chart.nodes.get(id)![0]!;
    expect(chart.edges.map((e) => `${name(e.from)} -> ${name(e.to)}`).sort()).toEqual([
      'cilium -> external-secrets',
      'cilium -> gatekeeper',
      'cilium -> istio',
      'external-secrets -> argo-cd',
      'external-secrets -> observability',
      'observability -> opencost',
      'platform-baseline -> gatekeeper',
      'platform-baseline -> observability',
      'prometheus-operator-crds -> cilium',
    ]);
  });

  it('holds on random graphs with many shortcuts, whatever the clusters run', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const graph = randomDag(18, seed);
      const names = Object.keys(graph);
      // A cluster that runs only the components whose dependencies it also runs.
      const some = names.filter((_, i) => i % 3 !== 0 || i === 0);
      const closed = some.filter(function keep(n): boolean {
        return graph[n]!.every((d) => some.includes(d) && keep(d));
      });
      expectReadableInstallOrder(graphFleet(graph, { a: names, b: closed }), graph);
    }
  });

  it('fails the check on the unreduced dependency edges (the check can fail)', () => {
    expect(impliedEdges(dependencyEdges(platform)).map((e) => `${e.from} -> ${e.to}`)).toContain(
      'prometheus-operator-crds -> opencost',
    );
  });

  it('puts boxes whose arrows all skip a column at the bottom of theirs, below the sinks', () => {
    const graph: Record<string, string[]> = { a: [], k: ['a'], s: ['a'], z: ['a'], m: ['k'], t: ['m', 'z'] };
    const chart = parseFlowchart(
      installOrderDiagram(installOrder(graphFleet(graph, { one: Object.keys(graph) }))),
    );
    const name = (id: string) => chart.nodes.get(id)![0]!;
    // wave 1: k feeds the next column, s feeds nothing, z only feeds wave 3
    expect(chart.subgraphs.map((g) => g.nodes.map(name))[1]).toEqual(['k', 's', 'z']);
  });

  it('dashes the components not on every cluster and says where they run', () => {
    const chart = parseFlowchart(installOrderDiagram(installOrder(clusters)));
    const istio = [...chart.nodes].find(([, l]) => l[0] === 'istio')!;
    expect(istio[1]).toEqual(['istio', 'not on dev']);
    expect(chart.classes.get('partial')).toEqual([istio[0]]);
    const few = graphFleet(platform, {
      a: all,
      b: all.filter((c) => c !== 'istio'),
      c: all.filter((c) => c !== 'istio'),
    });
    expect(parseFlowchart(installOrderDiagram(installOrder(few))).nodes.get(istio[0])).toEqual([
      'istio',
      'only on a',
    ]);
    const many = graphFleet(
      platform,
      Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((c, i) => [c, i % 2 ? all : all.filter((x) => x !== 'istio')]),
      ),
    );
    expect(parseFlowchart(installOrderDiagram(installOrder(many))).nodes.get(istio[0])).toEqual([
      'istio',
      'on 3 of 6 clusters',
    ]);
  });
});
