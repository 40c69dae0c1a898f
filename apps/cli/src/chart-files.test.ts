import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartFileSet, helmIgnored, parseHelmignore } from './chart-files.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A chart folder with tracked files, an ignored one, scenarios and editor leftovers. */
function chart(): { root: string; chartDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'chart-files-'));
  dirs.push(root);
  const chartDir = join(root, 'charts', 'demo');
  const write = (p: string, c = `${p}\n`) => {
    mkdirSync(dirname(join(chartDir, p)), { recursive: true });
    writeFileSync(join(chartDir, p), c);
  };
  write('Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  write('values.yaml');
  write('templates/cm.yaml');
  write('templates/NOTES.txt');
  write('ci/agentic-dev-usw2-values.yaml');
  write('docs/design.png.txt');
  write('.helmignore', '# not for Helm\n*.orig\ndocs/\n/templates/NOTES.txt\n!keep.orig\n');
  write('keep.orig');
  return { root, chartDir };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: 'pipe',
  });

describe('chartFileSet', () => {
  it('publishes what git tracks minus ci/ and .helmignore, and names untracked files', () => {
    const { root, chartDir } = chart();
    git(root, 'init', '-q');
    writeFileSync(join(root, '.gitignore'), '.test-results/\n');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'chart');
    // after the commit: an editor leftover, test output, a new template not yet added
    writeFileSync(join(chartDir, 'templates', 'cm.yaml~'), 'backup');
    mkdirSync(join(chartDir, '.test-results'));
    writeFileSync(join(chartDir, '.test-results', 'harness.json'), '{}');
    writeFileSync(join(chartDir, 'templates', 'new.yaml'), 'new');
    writeFileSync(join(chartDir, 'values.yaml'), 'edited: true\n');
    const set = chartFileSet(chartDir);
    expect(set.fromGit).toBe(true);
    expect([...set.files.keys()]).toEqual([
      '.helmignore',
      'Chart.yaml',
      'keep.orig',
      'templates/cm.yaml',
      'values.yaml',
    ]);
    // the working tree's content of a tracked file
    expect(set.files.get('values.yaml')).toBe('edited: true\n');
    expect(set.untracked).toEqual(['templates/cm.yaml~', 'templates/new.yaml']);
  });

  it('drops a tracked file deleted from the working tree', () => {
    const { root, chartDir } = chart();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'chart');
    rmSync(join(chartDir, 'values.yaml'));
    expect(chartFileSet(chartDir).files.has('values.yaml')).toBe(false);
  });

  it('outside a git checkout reads the folder minus ci/, .test-results/ and .helmignore, and says so', () => {
    const { chartDir } = chart();
    mkdirSync(join(chartDir, '.test-results'));
    writeFileSync(join(chartDir, '.test-results', 'harness.json'), '{}');
    writeFileSync(join(chartDir, 'values.yaml.orig'), 'leftover');
    const set = chartFileSet(chartDir);
    expect(set.fromGit).toBe(false);
    expect(set.untracked).toEqual([]);
    expect([...set.files.keys()].sort()).toEqual([
      '.helmignore',
      'Chart.yaml',
      'keep.orig',
      'templates/cm.yaml',
      'values.yaml',
    ]);
  });
});

describe('.helmignore rules', () => {
  const rules = parseHelmignore('*.tmp\n.git/\nsecret/*.key\n/top.txt\n!keep.tmp\n# comment\n\n');
  it.each([
    ['a.tmp', true],
    ['templates/deep/a.tmp', true],
    ['keep.tmp', false],
    ['.git/config', true],
    ['sub/.git/config', true],
    ['.git', false],
    ['secret/a.key', true],
    ['other/secret/a.key', false],
    ['top.txt', true],
    ['sub/top.txt', false],
    ['values.yaml', false],
  ])('%s ignored: %s', (path, ignored) => {
    expect(helmIgnored(rules, path)).toBe(ignored);
  });
});
