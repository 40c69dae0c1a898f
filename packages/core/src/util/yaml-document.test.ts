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
