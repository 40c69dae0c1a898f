import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, edit, scratch } from './__fixtures__/workspace.ts';
import { readTree } from './tree-io.ts';

let s: ReturnType<typeof scratch>;
let out: string;
let before: Map<string, string>;

beforeEach(async () => {
  s = scratch();
  out = join(s.dir, 'tree');
  expect((await cli(['--inventory', s.inventory, '--out', out])).code).toBe(0);
  before = readTree(out);
});
afterEach(() => s.cleanup());

/** Runs --out on the broken inventory: exit 1, the expected message, and the tree untouched. */
async function expectRejected(...patterns: RegExp[]): Promise<string> {
  const res = await cli(['--inventory', s.inventory, '--out', out]);
  expect(res.code, res.err).toBe(1);
  expect(res.err).toMatch(/problem\(s\) found; nothing was written/);
  for (const p of patterns) expect(res.err).toMatch(p);
  const after = readTree(out);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [p, c] of after) expect(c).toBe(before.get(p));
  return res.err;
}

const PROD = 'clusters/agentic-prod-usw2.yaml';

describe('bad input is rejected with one message per problem and nothing written', () => {
  it('fails on malformed YAML, naming the file and line', async () => {
    edit(s.inventory, PROD, (t) => `${t}\nlabels: [unclosed\n`);
    await expectRejected(/gitops\/clusters\/agentic-prod-usw2\.yaml/, /line \d+/i);
  });

  it('fails on an unknown top-level key with a suggestion', async () => {
    edit(s.inventory, PROD, (t) => `${t}\nlabelz:\n  team: x\n`);
    await expectRejected(/agentic-prod-usw2\.yaml.*labelz: unknown key.*Did you mean "labels"\?/);
  });

  it('fails on an unknown component', async () => {
    edit(s.inventory, PROD, (t) => `${t}\ncomponents:\n  cilum:\n    enabled: true\n`);
    await expectRejected(/agentic-prod-usw2.*components\.cilum: unknown component.*Did you mean "cilium"\?/);
  });

  it('fails on a typo in an override key, naming file, cluster, component and dotted path', async () => {
    edit(
      s.inventory,
      PROD,
      (t) =>
        `${t}\ncomponents:\n  cilium:\n    values:\n      cilium:\n        hubble:\n          relay:\n            replicaz: 3\n`,
    );
    await expectRejected(
      /gitops\/clusters\/agentic-prod-usw2\.yaml: cilium@agentic-prod-usw2: cilium\.hubble\.relay\.replicaz: unknown key/,
      /Did you mean "replicas"\?/,
    );
  });

  it('fails on a value of the wrong type', async () => {
    edit(
      s.inventory,
      PROD,
      (t) =>
        `${t}\ncomponents:\n  cilium:\n    values:\n      cilium:\n        operator:\n          replicas: two\n`,
    );
    await expectRejected(
      /cilium@agentic-prod-usw2: cilium\.operator\.replicas: wrong type \(expected a number, found string "two"\)/,
    );
  });

  it('fails on a cluster name that breaks the pattern', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/^name: agentic-prod-usw2$/m, 'name: Agentic_Prod'));
    await expectRejected(/name/, /\^\[a-z\]\[a-z0-9-\]\{2,62\}\$/);
  });

  it('fails on two clusters with the same name', async () => {
    const copy = readFileSync(join(s.inventory, PROD), 'utf8')
      .replace(/10\.0\.0\.0/, '10.100.0.0')
      .replace(/10\.1\.0\.0/, '10.101.0.0')
      .replace(/10\.2\.0\.0/, '10.102.0.0');
    writeFileSync(join(s.inventory, 'clusters/agentic-prod-copy.yaml'), copy);
    await expectRejected(/cluster name agentic-prod-usw2 is already used/);
  });

  it('fails on Kubernetes 1.27', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/kubernetesVersion: .*/, 'kubernetesVersion: "1.27"'));
    await expectRejected(/agentic-prod-usw2.*kubernetesVersion.*1\.28.*1\.27/);
  });

  it('fails when a node pool min is above its max', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/minSize: 3/, 'minSize: 9'));
    await expectRejected(/agentic-prod-usw2.*nodePools\[0\]\.minSize/);
  });

  it('fails on overlapping CIDRs between two clusters, naming both', async () => {
    edit(s.inventory, 'clusters/agentic-dr-use1.yaml', (t) => t.replace(/10\.48\.0\.0\/16/, '10.0.0.0/16'));
    const err = await expectRejected(/agentic-dr-use1/, /overlap/i);
    expect(err).toMatch(/agentic-prod-usw2/);
  });

  it('fails on a secret-looking literal in values', async () => {
    const pem = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    edit(
      s.inventory,
      PROD,
      (t) => `${t}\ncomponents:\n  cilium:\n    values:\n      chart:\n        note: "${pem}"\n`,
    );
    await expectRejected(
      /cilium@agentic-prod-usw2: chart\.note.*secret|cilium@agentic-prod-usw2: chart\.note: unknown key/,
    );
  });

  it('reports several problems at once', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/kubernetesVersion: .*/, 'kubernetesVersion: "1.27"'));
    edit(s.inventory, 'clusters/agentic-dr-use1.yaml', (t) => t.replace(/10\.48\.0\.0\/16/, '10.0.0.0/16'));
    const err = await expectRejected(/1\.27/, /overlap/i);
    expect(err.match(/^ {2}- /gm)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('hostile YAML is refused with a limit message, never a stack trace', () => {
  it('refuses a YAML alias bomb naming the file and line', async () => {
    const row = (n: string, of: string) => `${n}: &${n} [${Array(9).fill(`*${of}`).join(', ')}]`;
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', row('b', 'a'), row('c', 'b'), row('d', 'c')];
    edit(s.inventory, PROD, (t) => `${t}\n${bomb.join('\n')}\n`);
    const err = await expectRejected(/agentic-prod-usw2\.yaml:\d+:\d+: .*too many YAML aliases/);
    expect(err).not.toMatch(/ReferenceError|\n\s+at /);
  });

  it('refuses deeply nested YAML with a limit message naming the file', async () => {
    let deep = 'labelz:\n';
    for (let i = 1; i <= 300; i++) deep += `${' '.repeat(i * 2)}k${i}:\n`;
    edit(s.inventory, PROD, (t) => `${t}\n${deep}${' '.repeat(602)}v: 1\n`);
    const err = await expectRejected(/agentic-prod-usw2\.yaml:\d+:\d+: .*nesting deeper than 64 levels/);
    expect(err).not.toMatch(/Maximum call stack/);
  });
});

describe('human-readable errors point at the spot', () => {
  it('prints file:line:column, as the --json output carries line and column', async () => {
    edit(s.inventory, PROD, (t) => `${t}\nlabelz:\n  team: x\n`);
    const line = readFileSync(join(s.inventory, PROD), 'utf8').split('\n').indexOf('labelz:') + 1;
    await expectRejected(
      new RegExp(`gitops/clusters/agentic-prod-usw2\\.yaml:${line}:1: .*labelz: unknown key`),
    );
    const json = await cli(['--inventory', s.inventory, '--out', out, '--json']);
    expect(JSON.parse(json.out).issues[0]).toMatchObject({ line, column: 1 });
  });
});
