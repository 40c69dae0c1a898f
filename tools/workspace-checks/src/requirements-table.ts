/**
 * Reads the coverage table of docs/requirements.md and checks it against the repository.
 *
 * A table row is any Markdown table line whose first cell is an id (`R-...`). Its cells are:
 * id | requirement | status | where | test | reason.
 * - where: repository paths in backticks (`docs/decisions.md#anchor` names an anchor too);
 * - test: entries `path.test.ts`, each optionally followed by › "test title".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STATUSES = ['met', 'partial', 'planned', 'declined'] as const;
export type Status = (typeof STATUSES)[number];

export interface TestRef {
  file: string;
  title?: string;
}

export interface RequirementRow {
  line: number;
  id: string;
  requirement: string;
  status: string;
  where: string[];
  tests: TestRef[];
  reason: string;
}

const ID = /^R-[A-Za-z0-9.-]+$/;

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((c) => c.trim());
}

function paths(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}

function testRefs(cell: string): TestRef[] {
  return [...cell.matchAll(/`([^`]+)`(?:\s*›\s*"([^"]+)")?/g)].map((m) =>
    m[2] === undefined ? { file: m[1] as string } : { file: m[1] as string, title: m[2] },
  );
}

/** Every row of every requirements table in the Markdown text. */
export function parseRequirements(markdown: string): RequirementRow[] {
  const rows: RequirementRow[] = [];
  markdown.split('\n').forEach((text, i) => {
    if (!text.trim().startsWith('|')) return;
    const c = cells(text);
    if (!ID.test(c[0] ?? '')) return;
    rows.push({
      line: i + 1,
      id: c[0] as string,
      requirement: c[1] ?? '',
      status: c[2] ?? '',
      where: paths(c[3] ?? ''),
      tests: testRefs(c[4] ?? ''),
      reason: (c[5] ?? '').replace(/^[—–-]$/, ''),
    });
  });
  return rows;
}

/** The titles of every it/test/describe call of a test file, escapes resolved. */
export function testTitles(source: string): Set<string> {
  const titles = new Set<string>();
  const call =
    /\b(?:it|test|describe)(?:\.(?:skip|only|concurrent|sequential|fails|each|skipIf|runIf)(?:\((?:[^()]|\([^()]*\))*\))?)*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of source.matchAll(call)) {
    titles.add((m[2] as string).replace(/\\(.)/g, '$1'));
  }
  return titles;
}

/** Anchors a Markdown file offers: explicit `<a id>` and GitHub heading slugs. */
function anchors(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markdown.matchAll(/<a id="([^"]+)"/g)) ids.add(m[1] as string);
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    ids.add(
      (m[1] as string)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return ids;
}

/**
 * Every problem of the table, one line each, naming the row's line and id: unknown status,
 * repeated id, declined/partial without reason, and for rows that claim coverage (met,
 * partial) a missing file, anchor, test file or test title.
 */
export function checkRequirements(rows: RequirementRow[], root: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const titleCache = new Map<string, Set<string>>();
  for (const row of rows) {
    const at = `docs/requirements.md:${row.line} ${row.id}`;
    const first = seen.get(row.id);
    if (first !== undefined) problems.push(`${at}: id repeats the row at line ${first}`);
    else seen.set(row.id, row.line);
    if (!(STATUSES as readonly string[]).includes(row.status)) {
      problems.push(`${at}: status must be one of ${STATUSES.join(', ')}, found "${row.status}"`);
      continue;
    }
    if ((row.status === 'declined' || row.status === 'partial') && row.reason === '') {
      problems.push(`${at}: a ${row.status} row needs a reason, found none`);
    }
    if (row.status !== 'met' && row.status !== 'partial') continue;
    if (row.where.length === 0) problems.push(`${at}: names no file where it lives`);
    if (row.tests.length === 0) problems.push(`${at}: names no test that shows it`);
    for (const ref of row.where) {
      const [file, anchor] = ref.split('#') as [string, string | undefined];
      const full = join(root, file);
      if (!existsSync(full)) {
        problems.push(`${at}: file ${file} does not exist`);
      } else if (
        anchor !== undefined &&
        statSync(full).isFile() &&
        !anchors(readFileSync(full, 'utf8')).has(anchor)
      ) {
        problems.push(`${at}: ${file} has no anchor #${anchor}`);
      }
    }
    for (const ref of row.tests) {
      const full = join(root, ref.file);
      if (!/\.test\.ts$/.test(ref.file) || !existsSync(full)) {
        problems.push(`${at}: test file ${ref.file} does not exist`);
        continue;
      }
      if (ref.title === undefined) continue;
      let titles = titleCache.get(ref.file);
      if (!titles) {
        titles = testTitles(readFileSync(full, 'utf8'));
        titleCache.set(ref.file, titles);
      }
      if (!titles.has(ref.title)) problems.push(`${at}: no test "${ref.title}" in ${ref.file}`);
    }
  }
  return problems;
}

/** How many rows have each status. */
export function countByStatus(rows: RequirementRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}
