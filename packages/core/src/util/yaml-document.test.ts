import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from './yaml-document.ts';

const TEXT = `# comment
name: a
nodePools:
  - name: system
    minSize: 3
labels: {team: x}
`;

describe('parseYamlDocument', () => {
  it('locates values and keys by path', () => {
    const doc = parseYamlDocument(TEXT, 'f.yaml');
    expect(doc.issues).toEqual([]);
    expect(doc.data).toEqual({
      name: 'a',
      nodePools: [{ name: 'system', minSize: 3 }],
      labels: { team: 'x' },
    });
    expect(doc.locate(['nodePools', 0, 'minSize'])).toEqual({ line: 5, column: 14 });
    expect(doc.locate(['nodePools', 0, 'minSize'], { key: true })).toEqual({ line: 5, column: 5 });
    expect(doc.locate(['labels', 'team'])).toEqual({ line: 6, column: 16 });
  });

  it('falls back to the enclosing node for a missing key', () => {
    const doc = parseYamlDocument(TEXT, 'f.yaml');
    expect(doc.locate(['nodePools', 0, 'maxSize'])).toEqual({ line: 4, column: 5 });
  });

  it('reports every syntax error with line and column', () => {
    const doc = parseYamlDocument('a: 1\nb: [1, 2\nc: : x\n', 'f.yaml');
    expect(doc.data).toBeUndefined();
    expect(doc.issues.length).toBeGreaterThanOrEqual(2);
    expect(doc.issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'f.yaml', line: 3, column: 1 });
  });
});

describe('parseYamlDocument limits', () => {
  it('refuses an alias bomb with the line of the first alias, without throwing', () => {
    const row = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    const text = ['a: &a [x, x, x, x, x, x, x, x, x]', row('b', 'a'), row('c', 'b'), row('d', 'c')].join(
      '\n',
    );
    const doc = parseYamlDocument(text, 'f.yaml');
    expect(doc.data).toBeUndefined();
    expect(doc.issues).toHaveLength(1);
    expect(doc.issues[0]).toMatchObject({ code: 'yaml-too-many-aliases', file: 'f.yaml', line: 2 });
    expect(doc.issues[0]!.message).toMatch(/too many YAML aliases/);
  });

  it('accepts a few aliases', () => {
    const doc = parseYamlDocument('a: &a {x: 1}\nb: *a\n', 'f.yaml');
    expect(doc.issues).toEqual([]);
    expect(doc.data).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it.each([100, 3000])('refuses %i levels of block nesting with a limit message', (n) => {
    let text = '';
    for (let i = 0; i < n; i++) text += `${' '.repeat(i * 2)}k${i}:\n`;
    text += `${' '.repeat(n * 2)}v: 1\n`;
    const doc = parseYamlDocument(text, 'f.yaml');
    expect(doc.data).toBeUndefined();
    expect(doc.issues).toHaveLength(1);
    expect(doc.issues[0]!.code).toBe('yaml-too-deep');
    expect(doc.issues[0]!.message).toMatch(/nesting deeper than 64 levels at line \d+/);
    expect(doc.issues[0]!.line).toBeGreaterThan(1);
  });

  it('refuses deep flow nesting that overflows the parser', () => {
    const doc = parseYamlDocument(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'f.yaml');
    expect(doc.issues).toHaveLength(1);
    expect(doc.issues[0]!.message).toMatch(/nesting deeper than 64 levels/);
  });
});
