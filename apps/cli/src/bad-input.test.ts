import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, edit, scratch, workspaceRoot } from './__fixtures__/workspace.ts';
import { HUB_FIXTURE_DIR } from './gen-files.ts';
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

/** A cluster file copied from another under a new name, the way a new user adds a cluster. */
function copyCluster(from: string, to: string, change: (text: string) => string): void {
  const text = readFileSync(join(s.inventory, `clusters/${from}.yaml`), 'utf8');
  writeFileSync(join(s.inventory, `clusters/${to}.yaml`), change(text));
}

describe('fleet topology and identity', () => {
  it('refuses a production dr cluster with no primary in its environment, naming the file', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(s.inventory, PROD));
    await expectRejected(
      /gitops\/clusters\/agentic-dr-use1\.yaml:\d+:\d+: agentic-dr-use1: role: a dr cluster needs a primary in the same environment/,
      /us-east-1 dr -> none/,
    );
  });

  it('refuses drActive on a primary cluster, naming the cluster, path, expected and found', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/^role: primary$/m, 'role: primary\ndrActive: true'));
    await expectRejected(
      /gitops\/clusters\/agentic-prod-usw2\.yaml:\d+:\d+: agentic-prod-usw2: drActive: drActive activates a DR standby, but this cluster has role: primary \(expected role: dr \(drActive is only allowed on a DR cluster\), found role: primary with drActive: true\)/,
    );
  });

  it('refuses two dr clusters and no primary, naming both files and their regions', async () => {
    edit(s.inventory, PROD, (t) => t.replace(/^role: primary$/m, 'role: dr'));
    const err = await expectRejected(
      /agentic-prod-usw2\.yaml:\d+:\d+: .*dr clusters only: agentic-dr-use1 \(us-east-1\), agentic-prod-usw2 \(us-west-2\)/,
      /agentic-dr-use1\.yaml:\d+:\d+: .*a dr cluster needs a primary/,
    );
    expect(err).toMatch(/us-west-2 dr -> none/);
  });

  it('refuses a copied cluster that kept the API server endpoint of the original', async () => {
    copyCluster('agentic-stg-usw2', 'agentic-stg-euw1', (t) =>
      t
        .replace(/^name: .*$/m, 'name: agentic-stg-euw1')
        .replace(/^region: .*$/m, 'region: eu-west-1')
        .replace('10.32.0.0/16', '10.64.0.0/16')
        .replace('10.33.0.0/16', '10.65.0.0/16')
        .replace('10.34.0.0/16', '10.66.0.0/16'),
    );
    const err = await expectRejected(
      /agentic-stg-euw1\.yaml:\d+:\d+: agentic-stg-euw1: apiServerEndpoint: the API server endpoint of cluster agentic-stg-usw2 \(gitops\/clusters\/agentic-stg-usw2\.yaml\) is used again here/,
      /agentic-stg-euw1\.yaml:\d+:\d+: agentic-stg-euw1: apiServerEndpoint: apiServerEndpoint is in region us-west-2, the cluster in eu-west-1/,
    );
    expect(err).not.toMatch(/agentic-stg-usw2\.yaml:\d+:\d+: agentic-stg-usw2: apiServerEndpoint/);
  });

  it('refuses an endpoint in another region than the cluster', async () => {
    edit(s.inventory, PROD, (t) =>
      t.replace(
        /^apiServerEndpoint: .*$/m,
        'apiServerEndpoint: https://agentic-prod-usw2.gr7.eu-west-1.eks.amazonaws.com',
      ),
    );
    await expectRejected(
      /agentic-prod-usw2: apiServerEndpoint: apiServerEndpoint is in region eu-west-1, the cluster in us-west-2/,
    );
  });

  it('blames the copy for a duplicate destination.server even when it sorts first, naming the original', async () => {
    // Destinations are remote only in the hub topology (standalone clusters deploy in-cluster).
    const { cpSync } = await import('node:fs');
    cpSync(join(workspaceRoot, HUB_FIXTURE_DIR), s.inventory, { recursive: true });
    copyCluster('agentic-stg-usw2', 'agentic-stg-euw1', (t) =>
      t
        .replace(/^name: .*$/m, 'name: agentic-stg-euw1')
        .replace(/^region: .*$/m, 'region: eu-west-1')
        .replace(
          /^apiServerEndpoint: .*$/m,
          'apiServerEndpoint: https://agentic-stg-euw1.gr7.eu-west-1.eks.amazonaws.com',
        )
        .replace(/^ {2}name: agentic-stg-usw2$/m, '  name: agentic-stg-euw1')
        .replace('10.32.0.0/16', '10.100.0.0/16')
        .replace('10.33.0.0/16', '10.101.0.0/16')
        .replace('10.34.0.0/16', '10.102.0.0/16'),
    );
    const err = await expectRejected(
      /agentic-stg-euw1\.yaml:\d+:\d+: agentic-stg-euw1: destination\.server: the Argo CD destination server of cluster agentic-stg-usw2 \(gitops\/clusters\/agentic-stg-usw2\.yaml\) is used again here/,
    );
    expect(err).not.toMatch(/agentic-stg-usw2\.yaml:\d+:\d+: agentic-stg-usw2: destination/);
  });

  it('refuses a cluster file in a subfolder of clusters/, naming its path', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(s.inventory, 'clusters/eu'));
    writeFileSync(join(s.inventory, 'clusters/eu/agentic-stg-euw1.yaml'), 'name: agentic-stg-euw1\n');
    await expectRejected(
      /gitops\/clusters\/eu\/agentic-stg-euw1\.yaml: cluster files are read only directly from gitops\/clusters\/, not from subfolders/,
    );
  });
});

describe('Kubernetes limits on labels and annotations in overrides', () => {
  it('refuses a 5 MB annotation, saying the 256 KiB limit of all annotations', async () => {
    const big = 'a'.repeat(5 * 1024 * 1024);
    edit(
      s.inventory,
      PROD,
      (t) =>
        `${t}\ncomponents:\n  istio:\n    values:\n      gateway:\n        service:\n          annotations:\n            note: "${big}"\n`,
    );
    await expectRejected(
      /agentic-prod-usw2\.yaml:\d+:\d+: istio@agentic-prod-usw2: components\.istio\.values\.gateway\.service\.annotations: annotations too large: Kubernetes limits all annotations of an object to 256 KiB/,
    );
  });

  it('refuses a label value over 63 characters, saying the label limit', async () => {
    edit(
      s.inventory,
      PROD,
      (t) =>
        `${t}\ncomponents:\n  karpenter:\n    values:\n      karpenter:\n        podLabels:\n          team: ${'x'.repeat(64)}\n`,
    );
    await expectRejected(
      /karpenter@agentic-prod-usw2: components\.karpenter\.values\.karpenter\.podLabels\.team: label value too long: Kubernetes limits label values to 63 characters \(expected at most 63 characters, found 64 characters\)/,
    );
  });
});

describe('secrets in values', () => {
  it('refuses a 40-character AWS secret access key under aws-secret-access-key, like the key id', async () => {
    const fake = 'Ab1/'.repeat(10); // the shape of a secret access key, built at run time
    edit(
      s.inventory,
      PROD,
      (t) =>
        `${t}\ncomponents:\n  external-secrets:\n    values:\n      chart:\n        aws-secret-access-key: "${fake}"\n`,
    );
    await expectRejected(
      /external-secrets@agentic-prod-usw2: chart\.aws-secret-access-key: looks like a secret \(AWS secret access key\)/,
    );
  });
});

describe('a cluster with every component disabled', () => {
  it('is an error naming the cluster file, not an empty ApplicationSet', async () => {
    const { readdirSync } = await import('node:fs');
    const names = readdirSync(join(workspaceRoot, 'packages/components')).sort();
    const off = names.map((n) => `  ${n}:\n    enabled: false\n`).join('');
    edit(s.inventory, 'clusters/agentic-dev-usw2.yaml', (t) => `${t}\ncomponents:\n${off}`);
    await expectRejected(
      /gitops\/clusters\/agentic-dev-usw2\.yaml: agentic-dev-usw2: components: every component is disabled on this cluster/,
    );
  });
});

/** Runs a command that must fail as a usage error (exit 2) and write nothing into the tree. */
async function expectUsage(args: string[], ...patterns: RegExp[]): Promise<string> {
  const res = await cli(['--inventory', s.inventory, ...args], s.dir);
  expect(res.code, res.err).toBe(2);
  for (const p of patterns) expect(res.err).toMatch(p);
  expect(res.err).not.toMatch(/\n\s+at /);
  const after = readTree(out);
  expect([...after.keys()]).toEqual([...before.keys()]);
  return res.err;
}

describe('command-line usage mistakes exit 2 with a precise message', () => {
  it('--out at a regular file', async () => {
    const file = join(s.dir, 'a-file');
    writeFileSync(file, 'mine\n');
    await expectUsage(['--out', file], /--out must be a directory: .*a-file is a file/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    await expectUsage(['--check', file], /--check must be a directory/);
  });

  it('--env with a typo suggests the environment', async () => {
    await expectUsage(
      ['--out', out, '--env', 'stagign'],
      /--env stagign: no environment named "stagign" in the inventory .*Did you mean "staging"\?/,
    );
  });

  it('--cluster with a typo suggests the cluster', async () => {
    await expectUsage(
      ['--out', out, '--cluster', 'agentic-stg-usw3'],
      /--cluster agentic-stg-usw3: no cluster named "agentic-stg-usw3" .*Did you mean "agentic-stg-usw2"\?/,
    );
  });

  it('--explain with an unknown cluster or component suggests the name', async () => {
    await expectUsage(
      ['--explain', 'agentic-stg-usw3', 'cilium', 'cilium.operator.replicas'],
      /--explain agentic-stg-usw3: no cluster named .*Did you mean "agentic-stg-usw2"\?/,
    );
    await expectUsage(
      ['--explain', 'agentic-stg-usw2', 'cilum', 'cilium.operator.replicas'],
      /--explain cilum: no component named "cilum" .*Did you mean "cilium"\?/,
    );
  });
});

describe('--out never overwrites files the generator does not own', () => {
  it('refuses to overwrite a README.md it did not write, and writes nothing', async () => {
    const dir = join(s.dir, 'mine');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), '# my notes\n');
    writeFileSync(join(dir, 'CODEOWNERS'), '* @me\n');
    const res = await cli(['--inventory', s.inventory, '--out', dir]);
    expect(res.code, res.err).toBe(1);
    expect(res.err).toMatch(/mine\/README\.md: gen:gitops did not write this file and would overwrite it/);
    expect(res.err).toMatch(/nothing was written/);
    expect([...readTree(dir)]).toEqual([
      ['CODEOWNERS', '* @me\n'],
      ['README.md', '# my notes\n'],
    ]);
  });

  it('takes over a directory holding a published checkout (its owned-files record)', async () => {
    const dir = join(s.dir, 'checkout');
    const { cpSync, mkdirSync } = await import('node:fs');
    cpSync(out, dir, { recursive: true });
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, '.gen-gitops-files'));
    writeFileSync(join(dir, 'README.md'), 'an older generated README\n');
    mkdirSync(join(dir, '.gen-gitops'));
    writeFileSync(join(dir, '.gen-gitops/owned-files'), 'README.md\n');
    expect((await cli(['--inventory', s.inventory, '--out', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(before.get('README.md'));
  });
});
