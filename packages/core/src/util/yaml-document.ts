import type { Issue } from '@platform/errors';
import { isAlias, isCollection, isMap, isPair, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

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

/**
 * Deepest nesting of maps and lists an inventory file may have. Real values files stay well
 * under 20 levels; the limit keeps hostile input from exhausting the stack of the parser and of
 * every recursive step after it (merge, validation), with a message instead of a crash.
 */
export const MAX_YAML_NESTING = 64;
/**
 * Most alias expansions a file may have. YAML aliases can expand exponentially (a "billion
 * laughs" alias bomb); inventory files need few or none.
 */
export const MAX_YAML_ALIASES = 100;

/** The first node nested deeper than the limit, found without recursion. */
function tooDeep(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= MAX_YAML_NESTING) return node;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** The first alias node in document order, without recursion. */
function firstAlias(root: unknown): Node | undefined {
  const stack: unknown[] = [root];
  let best: Node | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!best || (node.range?.[0] ?? 0) < (best.range?.[0] ?? 0)) best = node;
    } else if (isCollection(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return best;
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;

/** Parses one YAML document, collecting every syntax error (duplicate keys included). */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const nestingIssue = (pos: { line: number; col: number } | undefined): SourceIssue => ({
    code: 'yaml-too-deep',
    file,
    message: `YAML nesting deeper than ${MAX_YAML_NESTING} levels${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}`,
    ...(pos ? { line: pos.line, column: pos.col } : {}),
    expected: `at most ${MAX_YAML_NESTING} nested maps and lists`,
    found: 'more',
    hint: 'Flatten the structure; no inventory file or values override needs this depth.',
  });
  // A stack overflow in the parser is the nesting limit of the parser itself: say so once.
  const overflow = doc.errors.find((e) => STACK_OVERFLOW.test(e.message));
  const errors = overflow ? [] : doc.errors;
  const issues: SourceIssue[] = errors.map((e) => {
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
  const posOf = (node: Node | undefined) => {
    const p = at(node?.range?.[0]);
    return p ? { line: p.line, col: p.column } : undefined;
  };
  if (overflow) issues.push(nestingIssue(overflow.linePos?.[0]));
  else if (issues.length === 0) {
    const deep = tooDeep(doc.contents);
    if (deep) issues.push(nestingIssue(posOf(deep)));
  }
  let data: unknown;
  if (issues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (err) {
      const alias = firstAlias(doc.contents);
      const pos = posOf(alias);
      issues.push({
        code: /alias/i.test((err as Error).message) ? 'yaml-too-many-aliases' : 'yaml-unreadable',
        file,
        message: /alias/i.test((err as Error).message)
          ? `too many YAML aliases: expanding them exceeds the limit of ${MAX_YAML_ALIASES} (an alias bomb)${pos ? ` (first alias at line ${pos.line}, column ${pos.col})` : ''}`
          : `cannot read the YAML: ${firstLine((err as Error).message)}`,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
        hint: 'Write the values out instead of repeating them through nested aliases.',
      });
    }
  }
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
  return { data: issues.length > 0 ? undefined : data, issues, locate };
}
