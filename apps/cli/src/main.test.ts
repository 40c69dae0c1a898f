import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, edit, scratch } from './__fixtures__/workspace.ts';
import { readTree } from './tree-io.ts';

let s: ReturnType<typeof scratch>;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

describe('gen:gitops --out / --check', () => {
  it('writes the tree of the default fleet; two runs give byte-identical trees', async () => {
    const a = join(s.dir, 'a');
    const b = join(s.dir, 'b');
    expect((await cli(['--inventory', s.inventory, '--out', a])).code).toBe(0);
    expect((await cli(['--inventory', s.inventory, '--out', b])).code).toBe(0);
    const ta = readTree(a);
    const tb = readTree(b);
    expect(ta.size).toBeGreaterThan(10);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [p, c] of ta) expect(tb.get(p), p).toBe(c);
  });

  it('--check passes on a fresh tree and fails after one byte changes', async () => {
    const out = join(s.dir, 'tree');
    await cli(['--inventory', s.inventory, '--out', out]);
    expect((await cli(['--inventory', s.inventory, '--check', out])).code).toBe(0);
    const readme = join(out, 'README.md');
    writeFileSync(readme, `${readFileSync(readme, 'utf8')} `);
    const res = await cli(['--inventory', s.inventory, '--check', out]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/changed\s+README\.md/);
  });

  it('--diff prints the change grouped by cluster and component', async () => {
    const out = join(s.dir, 'tree');
    await cli(['--inventory', s.inventory, '--out', out]);
    edit(s.inventory, 'environments/staging.yaml', (t) =>
      t.replace(/networkPolicy: baseline/, 'networkPolicy: strict'),
    );
    const res = await cli(['--inventory', s.inventory, '--diff', out]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^=== agentic-stg-usw2 \/ cilium$/m);
    expect(res.out).not.toMatch(/=== agentic-prod-usw2/);
  });

  it('--out removes files it wrote before and no longer emits, and keeps files it never wrote', async () => {
    const out = join(s.dir, 'tree');
    await cli(['--inventory', s.inventory, '--out', out]);
    writeFileSync(join(out, 'CODEOWNERS'), '* @platform\n');
    edit(s.inventory, 'clusters/agentic-dev-usw2.yaml', (t) => t);
    const { rmSync } = await import('node:fs');
    rmSync(join(s.inventory, 'clusters/agentic-dev-usw2.yaml'));
    expect((await cli(['--inventory', s.inventory, '--out', out])).code).toBe(0);
    const tree = readTree(out);
    expect([...tree.keys()].some((p) => p.includes('agentic-dev-usw2'))).toBe(false);
    expect(tree.get('CODEOWNERS')).toBe('* @platform\n');
  });
});

describe('gen:gitops as a new user would use it', () => {
  it('adds a fifth cluster (staging, eu-west-1) copied from another file to the tree and README', async () => {
    const src = readFileSync(join(s.inventory, 'clusters/agentic-stg-usw2.yaml'), 'utf8');
    const copy = src
      .replaceAll('agentic-stg-usw2', 'agentic-stg-euw1')
      .replaceAll('us-west-2', 'eu-west-1')
      .replaceAll('10.32.0.0/16', '10.64.0.0/16')
      .replaceAll('10.33.0.0/16', '10.65.0.0/16')
      .replaceAll('10.34.0.0/16', '10.66.0.0/16');
    writeFileSync(join(s.inventory, 'clusters/agentic-stg-euw1.yaml'), copy);
    const out = join(s.dir, 'tree');
    const res = await cli(['--inventory', s.inventory, '--out', out]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const tree = readTree(out);
    expect([...tree.keys()].filter((p) => p.includes('agentic-stg-euw1')).length).toBeGreaterThan(2);
    expect(tree.get('README.md')).toContain('agentic-stg-euw1');
  });

  it('--explain prints the chain of layers for one value', async () => {
    const res = await cli([
      '--inventory',
      s.inventory,
      '--explain',
      'agentic-prod-usw2',
      'cilium',
      'cilium.operator.replicas',
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^cilium@agentic-prod-usw2: cilium\.operator\.replicas$/m);
    expect(res.out).toMatch(/defaults/);
    expect(res.out).toMatch(/^ {2}= 2$/m);
  });

  it('--json prints a machine-readable result', async () => {
    const res = await cli(['--inventory', s.inventory, '--out', join(s.dir, 'tree'), '--json']);
    const parsed = JSON.parse(res.out) as { ok: boolean; files: number };
    expect(parsed.ok).toBe(true);
    expect(parsed.files).toBeGreaterThan(10);
  });

  it('limits the work with --env and --cluster', async () => {
    const out = join(s.dir, 'tree');
    await cli(['--inventory', s.inventory, '--out', out, '--cluster', 'agentic-dev-usw2']);
    const clusters = new Set(
      [...readTree(out).keys()].flatMap((p) => p.match(/agentic-[a-z]+-[a-z0-9]+/g) ?? []),
    );
    expect([...clusters]).toEqual(['agentic-dev-usw2']);
  });

  it('exits 2 on a usage error and on an unknown option', async () => {
    expect((await cli(['--bogus'])).code).toBe(2);
    expect((await cli(['--out', 'a', '--check', 'b'])).code).toBe(2);
    expect((await cli(['--explain', 'only-one'])).code).toBe(2);
  });

  it('prints --help with every option', async () => {
    const res = await cli(['--help']);
    for (const opt of ['--out', '--check', '--diff', '--env', '--cluster', '--explain', '--json', '--repo']) {
      expect(res.out).toContain(opt);
    }
  });
});

describe('--explain names the file and the field of every layer', () => {
  const explain = (...args: string[]) =>
    cli(['--inventory', s.inventory, '--explain', 'agentic-prod-usw2', ...args]);

  it('traces values derived from inventory fields to their file and field', async () => {
    const host = await explain('cilium', 'cilium.k8sServiceHost');
    expect(host.out).toMatch(
      /defaults .*<- component cilium \(defaults\) from gitops\/clusters\/agentic-prod-usw2\.yaml: apiServerEndpoint$/m,
    );
    const vault = await explain('external-secrets', 'chart.vault.server');
    expect(vault.out).toMatch(
      /<- component external-secrets \(defaults\) from gitops\/fleet\.yaml: regions\[0\]\.vaultAddress$/m,
    );
    const replicas = await explain('cilium', 'cilium.operator.replicas');
    expect(replicas.out).toMatch(
      /^ {2}environment +2 +<- component cilium \(environment\) from gitops\/environments\/production\.yaml: replicas$/m,
    );
    expect(replicas.out).toMatch(
      /^ {2}defaults +2 +<- component cilium \(defaults\) in packages\/components\/cilium$/m,
    );
  });

  it('names the field of an override in an inventory file', async () => {
    edit(
      s.inventory,
      'clusters/agentic-prod-usw2.yaml',
      (t) =>
        `${t}\ncomponents:\n  cilium:\n    values:\n      cilium:\n        operator:\n          replicas: 3\n`,
    );
    const res = await explain('cilium', 'cilium.operator.replicas');
    expect(res.out).toMatch(
      /^ {2}cluster +3 +<- gitops\/clusters\/agentic-prod-usw2\.yaml: components\.cilium\.values\.cilium\.operator\.replicas$/m,
    );
  });
});
