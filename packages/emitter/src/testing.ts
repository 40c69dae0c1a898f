/**
 * Test helpers (`@platform/emitter/testing`): read back the Mermaid flowcharts the emitter
 * writes, so tests check the graph a reader sees rather than strings.
 */

export interface Flowchart {
  direction: string;
  /** Node id -> label lines (entity codes decoded). */
  nodes: Map<string, string[]>;
  /** Subgraphs in order, with their title and the ids of the nodes declared inside. */
  subgraphs: { id: string; title: string; nodes: string[] }[];
  /** Edges in order: from, to, and the edge label if any. */
  edges: { from: string; to: string; label?: string }[];
  /** Class name -> node ids. */
  classes: Map<string, string[]>;
}

const decode = (s: string) =>
  s
    .replace(/#quot;/g, '"')
    .replace(/#lt;/g, '<')
    .replace(/#gt;/g, '>')
    .replace(/#35;/g, '#');

/** Parses the subset of flowchart syntax the emitter writes; throws on any other line. */
export function parseFlowchart(text: string): Flowchart {
  const lines = text
    .replace(/^```mermaid\n/, '')
    .replace(/```\s*$/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const head = /^flowchart (LR|RL|TD|TB|BT)$/.exec(lines.shift() ?? '');
  if (!head) throw new Error(`not a flowchart: ${text.slice(0, 40)}`);
  const chart: Flowchart = {
    direction: head[1]!,
    nodes: new Map(),
    subgraphs: [],
    edges: [],
    classes: new Map(),
  };
  let open: Flowchart['subgraphs'][number] | undefined;
  const SUBGRAPH = /^subgraph (\w+)\["(.*)"\]$/;
  const NODE = /^(\w+)\["(.*)"\]$/;
  const EDGE = /^(\w+) (?:-->|-\.->)(?:\|(.*)\|)? (\w+)$/;
  const CLASS = /^class ([\w,]+) (\w+)$/;
  for (const line of lines) {
    const sub = SUBGRAPH.exec(line);
    const node = NODE.exec(line);
    const edge = EDGE.exec(line);
    const cls = CLASS.exec(line);
    if (sub) {
      if (open) throw new Error(`nested subgraph ${sub[1]} in ${open.id}`);
      open = { id: sub[1]!, title: decode(sub[2]!), nodes: [] };
      chart.subgraphs.push(open);
    } else if (line === 'end') {
      if (!open) throw new Error('end without subgraph');
      open = undefined;
    } else if (/^direction (LR|RL|TD|TB|BT)$/.test(line)) {
      if (!open) throw new Error('direction outside a subgraph');
    } else if (node) {
      if (chart.nodes.has(node[1]!)) throw new Error(`node ${node[1]} declared twice`);
      chart.nodes.set(node[1]!, node[2]!.split('<br/>').map(decode));
      open?.nodes.push(node[1]!);
    } else if (edge) {
      chart.edges.push({ from: edge[1]!, to: edge[3]!, ...(edge[2] ? { label: edge[2] } : {}) });
    } else if (cls) {
      chart.classes.set(cls[2]!, cls[1]!.split(','));
    } else if (!/^classDef \w+ /.test(line)) {
      throw new Error(`unexpected flowchart line: ${line}`);
    }
  }
  if (open) throw new Error(`subgraph ${open.id} not closed`);
  for (const e of chart.edges) {
    for (const id of [e.from, e.to])
      if (!chart.nodes.has(id)) throw new Error(`edge ${e.from} -> ${e.to}: node ${id} has no label`);
  }
  return chart;
}

/**
 * Edges of a graph that a path of two or more other edges implies: empty when the edges are
 * the graph's transitive reduction. Each is returned with the path that implies it.
 */
export function impliedEdges(
  edges: readonly { from: string; to: string }[],
): { from: string; to: string; via: string[] }[] {
  const out: { from: string; to: string; via: string[] }[] = [];
  for (const e of edges) {
    const others = edges.filter((x) => x !== e);
    // Breadth-first from e.from over the other edges, remembering the way back.
    const prev = new Map<string, string>();
    const queue = [e.from];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const x of others) {
        if (x.from !== n || prev.has(x.to) || x.to === e.from) continue;
        prev.set(x.to, n);
        queue.push(x.to);
      }
    }
    if (prev.has(e.to)) {
      const via = [e.to];
      while (via[0] !== e.from) via.unshift(prev.get(via[0]!)!);
      out.push({ from: e.from, to: e.to, via });
    }
  }
  return out;
}

/** Everything reachable from each node (the transitive closure), as sorted "a -> b" strings. */
export function closure(edges: readonly { from: string; to: string }[]): string[] {
  const succ = new Map<string, string[]>();
  for (const e of edges) succ.set(e.from, [...(succ.get(e.from) ?? []), e.to]);
  const out = new Set<string>();
  for (const start of succ.keys()) {
    const seen = new Set<string>();
    const stack = [...succ.get(start)!];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      out.add(`${start} -> ${n}`);
      stack.push(...(succ.get(n) ?? []));
    }
  }
  return [...out].sort();
}
