import { describe, expect, it } from 'vitest';
import { ANY, type FieldTree, findUnknownFields, LEAF } from './field-tree.ts';

// root { name, labels: map<string>, items: [{ value, config: any, child: <root> }] }
const tree: FieldTree = {
  root: 0,
  nodes: [
    { fields: { name: LEAF, labels: 1, items: 2 } },
    { fields: {}, values: LEAF },
    { fields: { value: LEAF, config: ANY, child: 0 } },
  ],
};

describe('findUnknownFields', () => {
  it('accepts declared fields, any key of a map and anything below an open field', () => {
    const value = {
      name: 'a',
      labels: { 'app.kubernetes.io/name': 'x' },
      items: [{ value: 1, config: { deep: { x: 1 } } }],
    };
    expect(findUnknownFields(value, tree)).toEqual([]);
  });

  it('reports every undeclared field with its path, through arrays and recursive types', () => {
    const value = { nam: 'a', items: [{ value: 1 }, { child: { items: [{ vlaue: 2 }] } }] };
    expect(findUnknownFields(value, tree)).toEqual([
      { segments: ['nam'], known: ['name', 'labels', 'items'] },
      { segments: ['items', 1, 'child', 'items', 0, 'vlaue'], known: ['value', 'config', 'child'] },
    ]);
  });
});
