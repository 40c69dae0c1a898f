import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readTree } from './tree-io.ts';

/**
 * What of a chart folder goes into the GitOps tree: the files git tracks (so editor leftovers,
 * test output and other untracked files never reach the clusters), minus the test scenarios in
 * `ci/` and whatever the chart's `.helmignore` excludes (Helm would skip those too). Outside a
 * git checkout (an unpacked release, for example) the folder is read as it is, minus the same
 * exclusions and the harness output `.test-results/`; `fromGit` is false then, so the caller
 * can say so.
 */
export interface ChartFileSet {
  files: Map<string, string>;
  fromGit: boolean;
  /** Files in the folder that git does not track (and does not ignore): not published. */
  untracked: string[];
}

/** Folders of a chart that are never published: test scenarios and test output. */
const NEVER_PUBLISHED = ['ci/', '.test-results/'];

/** What git knows of the files under one folder: tracked and untracked (not ignored) paths. */
interface GitListing {
  tracked: string[];
  untracked: string[];
}

/** Listings by parent folder, shared by the charts of one run (see {@link chartFileSet}). */
export type GitListingCache = Map<string, Map<string, GitListing> | undefined>;

/**
 * `git ls-files` once for the folder holding the charts (one process for every chart, not two per
 * chart), split by chart folder; undefined outside a git checkout.
 */
function gitListing(parentDir: string, listings: GitListingCache): Map<string, GitListing> | undefined {
  if (listings.has(parentDir)) return listings.get(parentDir);
  let listing: Map<string, GitListing> | undefined;
  try {
    const out = execFileSync(
      'git',
      ['-C', parentDir, 'ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard', '--', '.'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    listing = new Map();
    for (const entry of out.split('\0')) {
      // "<tag> <path>": '?' untracked, any other tag a file in the index
      const slash = entry.indexOf('/', 2);
      if (entry === '' || slash === -1) continue;
      const chart = entry.slice(2, slash);
      const files = listing.get(chart) ?? { tracked: [], untracked: [] };
      listing.set(chart, files);
      (entry[0] === '?' ? files.untracked : files.tracked).push(entry.slice(slash + 1));
    }
  } catch {
    listing = undefined;
  }
  listings.set(parentDir, listing);
  return listing;
}

/** Tracked or untracked files of `chartDir`, relative to it; undefined outside a git checkout. */
function gitFiles(chartDir: string, kind: keyof GitListing, cache: GitListingCache): string[] | undefined {
  const listing = gitListing(dirname(chartDir), cache);
  return listing === undefined ? undefined : [...(listing.get(basename(chartDir))?.[kind] ?? [])];
}

/** A `.helmignore` line as a matcher of a slash-separated path (a file or one of its folders). */
interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  regex: RegExp;
  /** Patterns without a slash match any path segment; with one (or a leading one), the path from the chart root. */
  basename: boolean;
}

function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Parses `.helmignore` (Helm's rules: globs, `#` comments, `!` negation, trailing `/` for folders). */
export function parseHelmignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/');
    if (anchored) line = line.slice(1);
    if (line === '') continue;
    rules.push({ negate, dirOnly, regex: globToRegex(line), basename: !anchored && !line.includes('/') });
  }
  return rules;
}

/** Whether `path` (a file) is excluded by the rules, checking each of its folders as Helm does. */
export function helmIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  const parts = path.split('/');
  for (let n = 1; n <= parts.length; n++) {
    const prefix = parts.slice(0, n).join('/');
    const isDir = n < parts.length;
    let ignored = false;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      const subject = r.basename ? parts[n - 1]! : prefix;
      if (r.regex.test(subject)) ignored = !r.negate;
    }
    if (ignored) return true;
  }
  return false;
}

/**
 * The files of `chartDir` to publish (see {@link ChartFileSet}). Charts of one run pass one
 * `cache`, so git lists their common parent folder once.
 */
export function chartFileSet(chartDir: string, cache: GitListingCache = new Map()): ChartFileSet {
  const ignoreFile = join(chartDir, '.helmignore');
  const rules = existsSync(ignoreFile) ? parseHelmignore(readFileSync(ignoreFile, 'utf8')) : [];
  const keep = (p: string) => !NEVER_PUBLISHED.some((d) => p.startsWith(d)) && !helmIgnored(rules, p);
  const tracked = gitFiles(chartDir, 'tracked', cache);
  if (tracked === undefined) {
    return {
      files: new Map([...readTree(chartDir)].filter(([p]) => keep(p))),
      fromGit: false,
      untracked: [],
    };
  }
  const files = new Map<string, string>();
  for (const p of tracked.sort()) {
    const full = join(chartDir, p);
    // a tracked file deleted in the working tree is not part of the chart any more
    if (!keep(p) || !existsSync(full) || !statSync(full).isFile()) continue;
    files.set(p, readFileSync(full, 'utf8'));
  }
  const untracked = (gitFiles(chartDir, 'untracked', cache) ?? []).filter(keep).sort();
  return { files, fromGit: true, untracked };
}
