import type { Issue } from '@platform/errors';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A line and column in a source file, both 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** An Issue that also says where in its file the problem is, when that is known. */
export interface SourceIssue extends Issue {
  line?: number;
  column?: number;
}

/** A parsed YAML file: its data, its syntax errors, and a way to find where a path is written. */
export interface YamlDocument {
  /** The plain data (`undefined` when the file has syntax errors). */
  data: unknown;
  /** One issue per syntax error, with line and column. */
  issues: SourceIssue[];
  /**
   * Where the value at `path` is written; with `key: true`, where its key is written. Falls back
   * to the closest enclosing node that exists (e.g. the map a missing key belongs in).
   */
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): SourcePosition | undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses one YAML document, collecting every syntax error (duplicate keys included). */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: SourceIssue[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    return {
      code: 'yaml-syntax',
      file,
      message: `malformed YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${firstLine(e.message)}`,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      hint: 'Fix the YAML syntax (indentation, colons, quotes, brackets); nothing else in this file was checked.',
    };
  });
  const at = (offset: number | undefined): SourcePosition | undefined => {
    if (offset === undefined) return undefined;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate: YamlDocument['locate'] = (path, options) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const seg of path) {
      let next: unknown;
      let nextKey: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = (p.key as { value?: unknown } | null)?.value ?? p.key;
          return String(k) === String(seg);
        });
        next = pair?.value;
        nextKey = pair?.key;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (next === undefined || next === null) {
        if (nextKey !== undefined) return at((nextKey as Node).range?.[0]);
        break;
      }
      node = next;
      keyNode = nextKey;
    }
    const target = options?.key && keyNode ? keyNode : node;
    return at((target as Node | null | undefined)?.range?.[0]);
  };
  return { data: doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }), issues, locate };
}
