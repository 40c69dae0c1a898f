import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Comments, test names, chart values comments and generated schema descriptions must explain a
 * number or a decision in place, or point to a file in the repository (`docs/decisions.md#anchor`).
 * They must not cite documents a clone of this repository does not have: requirement catalogs and
 * their item numbers ("catalog 1.5", "C11"), spec sections ("S3 §7.3.2", "S4"), design documents
 * ("DESIGN.md 3.1") or the seed files the platform was first specified from.
 */

const root = resolve(import.meta.dirname, '../../..');
const self = relative(root, import.meta.filename);

/** Each pattern with what it catches. */
export const CITATION_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'requirements catalog', pattern: /\bcatalog(ue)?\b/i },
  { name: 'design document', pattern: /\bDESIGN\.md\b/ },
  { name: 'section sign', pattern: /§/ },
  { name: 'catalog item number (C1-C99)', pattern: /\bC\d{1,2}\b/ },
  // S3 alone is Amazon S3; S0-S2 and S4, or S3 followed by a section number, are spec sections.
  { name: 'spec section (S0-S4)', pattern: /\bS[0-24]\b|\bS3 §?\d+\.\d/ },
  { name: 'seed question (Q1-Q9)', pattern: /\bQ\d\b/ },
  { name: 'seed document', pattern: /\bseeds?\b/i },
];

/**
 * Files where a pattern has its ordinary meaning, with the reason. Keep this list short: prefer
 * rewording the file.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  'pnpm-lock.yaml': 'integrity hashes contain arbitrary letter-digit pairs',
  'packages/components/redis-cluster/src/__fixtures__/cluster-client.ts':
    'Redis Cluster clients discover the slots from a list of seed nodes',
  'packages/emitter/src/__fixtures__/graph-fleet.ts': 'the seed of a pseudo-random generator',
  'packages/emitter/src/install-order.test.ts': 'the seeds of pseudo-random graphs',
};

/** Every citation in `text`, as `<file>:<line>: <pattern name>: <line text>`. */
export function findCitations(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { name, pattern } of CITATION_PATTERNS) {
      if (pattern.test(line)) found.push(`${file}:${i + 1}: ${name}: ${line.trim().slice(0, 160)}`);
    }
  });
  return found;
}

function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\0').filter((f) => f !== '' && f !== self && !(f in ALLOWED));
}

describe('no citations of documents outside the repository', () => {
  it('finds each kind of citation in sample text, naming file and line', () => {
    const sample = [
      'const ok = 1; // production runs 3 Argo CD servers for HA',
      '/** Karpenter controller replicas: catalog 1.5 runs 2. */',
      "it('shares GPUs as C11 resolves it', () => {});",
      '# -- HA table of S3 §7.3.2',
      '// sizes from S4 (see DESIGN.md 3.1)',
      '// the Q2 mix of the seed',
      '// Loki chunks live in S3; instance types c5.xlarge; EC2; CATALOG_NAMESPACES',
    ].join('\n');
    expect(findCitations('sample.ts', sample)).toEqual([
      'sample.ts:2: requirements catalog: /** Karpenter controller replicas: catalog 1.5 runs 2. */',
      "sample.ts:3: catalog item number (C1-C99): it('shares GPUs as C11 resolves it', () => {});",
      'sample.ts:4: section sign: # -- HA table of S3 §7.3.2',
      'sample.ts:4: spec section (S0-S4): # -- HA table of S3 §7.3.2',
      'sample.ts:5: design document: // sizes from S4 (see DESIGN.md 3.1)',
      'sample.ts:5: spec section (S0-S4): // sizes from S4 (see DESIGN.md 3.1)',
      'sample.ts:6: seed question (Q1-Q9): // the Q2 mix of the seed',
      'sample.ts:6: seed document: // the Q2 mix of the seed',
    ]);
  });

  it('keeps every tracked file free of them', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        continue; // tracked but deleted in the work tree, or a directory (submodule)
      }
      if (text.includes('\0')) continue; // binary
      found.push(...findCitations(file, text));
    }
    expect(found, 'explain the reason in place or cite docs/decisions.md#<anchor>').toEqual([]);
  });
});
