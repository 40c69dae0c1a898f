import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Renders Mermaid diagrams the way a Markdown viewer does: the real `mermaid` bundle in a real
 * headless Chromium (Debian's, installed by scripts/setup.sh; a browser download of the test
 * tool's own cannot be relied on).
 */

const require = createRequire(import.meta.url);

const SETUP = "run scripts/setup.sh, which installs Debian's chromium";

/** The Chromium binary: $CHROMIUM_BIN, else `chromium` on PATH; fails saying how to get one. */
export function chromiumBinary(): string {
  const fromEnv = process.env.CHROMIUM_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_BIN=${fromEnv} does not exist; ${SETUP}`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(
    `no Chromium to render the README diagrams with (chromium on PATH, or CHROMIUM_BIN): ${SETUP}`,
  );
}

/** A box of the rendered SVG in its own coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedDiagram {
  svg: string;
  /** Natural size: the SVG's viewBox, which is what it takes on a page when not scaled down. */
  width: number;
  height: number;
  /** Text of each node label (lines joined with a newline), in document order. */
  nodeLabels: string[];
  /** Subgraph boxes by title. */
  subgraphs: { title: string; box: Box; nodeLabels: string[] }[];
  /** Edges (Mermaid's edge id) drawn across a node's box, with that node's label. */
  edgesThroughNodes: { edge: string; node: string }[];
  /** PNG screenshot at natural size, when asked for. */
  png?: Buffer;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Runs in the page (plain JavaScript, so no transpiler helper leaks into it): renders one
 * diagram and measures it, or returns Mermaid's error.
 */
const IN_PAGE = `
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
globalThis.renderDiagram = async (text, id) => {
  let svg;
  try {
    ({ svg } = await mermaid.render(id, text));
  } catch (e) {
    return { error: String((e && e.message) || e) };
  }
  const out = document.getElementById('out');
  out.innerHTML = svg;
  const el = out.querySelector('svg');
  const vb = el.viewBox.baseVal;
  const labelOf = (g) => {
    const ps = [...g.querySelectorAll('.nodeLabel p')];
    const parts = ps.length > 0 ? ps : [...g.querySelectorAll('.nodeLabel')];
    return parts.map((x) => x.innerText.trim()).join('\\n');
  };
  const nodes = [...el.querySelectorAll('g.node')];
  const within = (inner, outer) =>
    inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;
  const subgraphs = [...el.querySelectorAll('g.cluster')].map((g) => {
    const rect = g.querySelector('rect');
    const r = rect.getBBox();
    const outer = rect.getBoundingClientRect();
    return {
      title: (g.querySelector('.cluster-label') || {}).textContent?.trim() ?? '',
      box: { x: r.x, y: r.y, width: r.width, height: r.height },
      nodeLabels: nodes.filter((nd) => within(nd.getBoundingClientRect(), outer)).map(labelOf),
    };
  });
  // Points along each edge, in screen coordinates, that fall inside a node's box: an edge drawn
  // behind a box that is neither its start nor its end (a path ends on its boxes' borders).
  const boxes = nodes.map((nd) => ({ label: labelOf(nd), r: nd.getBoundingClientRect() }));
  const edgesThroughNodes = [];
  for (const path of el.querySelectorAll('path.flowchart-link')) {
    const ctm = path.getScreenCTM();
    const length = path.getTotalLength();
    const hit = new Set();
    for (let at = 0; at <= length; at += 2) {
      const pt = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(ctm);
      for (const b of boxes) {
        const m = 3;
        if (pt.x > b.r.left + m && pt.x < b.r.right - m && pt.y > b.r.top + m && pt.y < b.r.bottom - m)
          hit.add(b.label);
      }
    }
    for (const node of hit) edgesThroughNodes.push({ edge: path.dataset.id, node });
  }
  return {
    svg, width: vb.width, height: vb.height, nodeLabels: nodes.map(labelOf), subgraphs, edgesThroughNodes,
  };
};
globalThis.naturalSize = (width) => {
  const el = document.querySelector('#out svg');
  el.style.maxWidth = 'none';
  el.setAttribute('width', String(width));
};
`;

/** Opens one browser for a batch of renders; `close` ends it. */
export async function mermaidRenderer(): Promise<{
  render: (text: string, options?: { png?: boolean }) => Promise<RenderedDiagram>;
  close: () => Promise<void>;
}> {
  const browser: Browser = await chromium.launch({ executablePath: chromiumBinary(), args: FLAGS });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  await page.addScriptTag({ content: IN_PAGE });
  let n = 0;
  return {
    async render(text, options = {}) {
      const result = (await page.evaluate(([t, id]) => (globalThis as any).renderDiagram(t, id), [
        text,
        `diagram${n++}`,
      ] as const)) as Omit<RenderedDiagram, 'png'> | { error: string };
      if ('error' in result) throw new Error(`Mermaid could not render the diagram: ${result.error}`);
      let png: Buffer | undefined;
      if (options.png) {
        await page.setViewportSize({
          width: Math.ceil(result.width) + 20,
          height: Math.ceil(result.height) + 20,
        });
        await page.evaluate((w) => (globalThis as any).naturalSize(w), result.width);
        png = await page.locator('#out svg').screenshot();
      }
      return { ...result, ...(png ? { png } : {}) };
    },
    close: () => browser.close(),
  };
}
