import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mermaidRenderer } from './__fixtures__/mermaid-render.ts';
import { workspaceRoot } from './__fixtures__/workspace.ts';
import { type Generated, generate } from './generate.ts';

/**
 * The default fleet's README diagrams as a reader sees them: rendered by the real Mermaid in a
 * real headless Chromium. No Chromium is a failure (scripts/setup.sh installs it), not a skip.
 */

/** Wider than this at natural size, a diagram is scaled down to unreadable text on a page. */
const PAGE_WIDTH = 1600;

let gen: Generated;
let blocks: string[];
let started: ReturnType<typeof mermaidRenderer> | undefined;
/** The browser, started by the first test that needs it: without Chromium each test fails. */
const browser = () => {
  started ??= mermaidRenderer();
  return started;
};

beforeAll(async () => {
  gen = await generate({ root: workspaceRoot, inventoryDir: join(workspaceRoot, 'gitops') });
  blocks = [...gen.files.get('README.md')!.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
});

afterAll(async () => {
  await (await started?.catch(() => undefined))?.close();
});

/** First line of each rendered node label. */
const names = (labels: readonly string[]) => labels.map((l) => l.split('\n')[0]!);

describe('the default fleet README diagrams, rendered by Mermaid in Chromium', () => {
  it('has the install-order and the structure diagram, and every one renders', async () => {
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      const d = await (await browser()).render(b);
      expect(d.width).toBeGreaterThan(0);
    }
  });

  it('fails on a diagram Mermaid cannot parse (the render check can fail)', async () => {
    await expect((await browser()).render('flowchart LR\n  a[[[ --> b')).rejects.toThrow(
      /Mermaid could not render/,
    );
  });

  it('finds arrows drawn behind boxes in the old unreduced diagram (the check can fail)', async () => {
    const old = readFileSync(join(import.meta.dirname, '__fixtures__/install-order-unreduced.mmd'), 'utf8');
    const d = await (await browser()).render(old);
    expect(d.edgesThroughNodes).toContainEqual({
      edge: 'L_cilium_external_secrets_0',
      node: 'platform_baseline',
    });
  });

  it('draws install order as one column per wave, left to right, labelled with component names', async () => {
    const d = await (await browser()).render(blocks[0]!);
    const waveOf = new Map<string, number>();
    for (const cc of gen.clusters) for (const c of cc.components) waveOf.set(c.definition.name, c.wave);
    const waves = [...new Set(waveOf.values())].sort((a, b) => a - b);
    expect(names(d.nodeLabels).sort()).toEqual([...waveOf.keys()].sort());
    const columns = waves.map((w) => {
      const sg = d.subgraphs.find((s) => s.title === `wave ${w}`);
      expect(sg, `subgraph "wave ${w}"`).toBeDefined();
      expect(names(sg!.nodeLabels).sort(), `wave ${w}`).toEqual(
        [...waveOf]
          .filter(([, x]) => x === w)
          .map(([n]) => n)
          .sort(),
      );
      return sg!.box;
    });
    expect(d.subgraphs).toHaveLength(waves.length);
    // No arrow passes behind a box, which would show a dependency that does not exist.
    expect(d.edgesThroughNodes).toEqual([]);
    // Columns: each wave's box ends before the next one starts.
    for (let i = 1; i < columns.length; i++)
      expect(
        columns[i - 1]!.x + columns[i - 1]!.width,
        `wave ${waves[i]} starts after wave ${waves[i - 1]}`,
      ).toBeLessThanOrEqual(columns[i]!.x);
  });

  it(`keeps the structure diagram within ${PAGE_WIDTH} px at natural size, labelled with names`, async () => {
    const d = await (await browser()).render(blocks[1]!);
    expect(d.width).toBeLessThanOrEqual(PAGE_WIDTH);
    expect(d.edgesThroughNodes).toEqual([]);
    const cluster = gen.clusters[0]!.context.cluster.name;
    expect(d.nodeLabels).toContain(`root Application\n${cluster}-root`);
    expect(d.nodeLabels).toContain(`AppProject\n${cluster}`);
    expect(d.nodeLabels).toContain(`ApplicationSet\n${cluster}`);
    expect(d.nodeLabels.some((l) => l.startsWith(`Application\n${cluster}-`))).toBe(true);
    expect(names(d.nodeLabels)).toEqual(
      expect.arrayContaining(['upstream chart', 'our chart', 'ref: values']),
    );
  });
});
