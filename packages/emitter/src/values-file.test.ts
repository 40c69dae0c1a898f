import type { ProvenanceMap } from '@platform/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderValuesFile } from './values-file.ts';

/** Values that trip YAML 1.1 readers (Helm) or naive printers. */
const TRICKY = {
  plain: 'ssd-standard',
  yaml11Words: ['yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'null', '~', ''],
  units: ['500m', '1Gi', '30s', '1.5h', '0xFF', '0b1', '1e3', '2E5'],
  numberish: ['0777', '1_000', '12:30', '1e3', '.5', '+1', '-2', '0x1F', 'E0301', '.inf', '1g.10gb'],
  numbers: [0, -3, 2.5, 1e21, 1e-7],
  flags: [true, false, null],
  punctuation: [
    'a: b',
    '#comment',
    '- item',
    '{x}',
    '[y]',
    "it's",
    'say "hi"',
    '*alias',
    '&anchor',
    '!tag',
    '%x',
    '@at',
    '`tick`',
    'trailing ',
    ' leading',
    'tab\there',
  ],
  unicode: 'grüße ✓',
  multiLine: 'line one\nline two\n\nline four',
  multiLineNewline: '{{ range .x }}\n  indented\n{{ end }}\n',
  multiLineLeadingSpace: '  starts with spaces\nsecond',
  multiLineTrailingNewlines: 'a\nb\n\n',
  multiLineTab: 'a\n\tb',
  'key with space': 1,
  'app.kubernetes.io/name': 'x',
  '1g.10gb': 2,
  yes: 'key is a YAML 1.1 boolean',
  empty: { map: {}, list: [] },
  nested: { a: { b: { c: 'deep' } } },
  list: [
    { name: 'first', values: { x: 1, y: [1, 2] }, empty: {} },
    ['nested', 'list'],
    [],
    {},
    'text\nwith lines',
    { only: { nested: true } },
  ],
};

const prov: ProvenanceMap = new Map([
  ['plain', [{ layer: 'defaults', source: 'component demo (defaults)' }]],
  ['nested.a.b.c', [{ layer: 'cluster', source: 'gitops/clusters/c.yaml' }]],
  ['list', [{ layer: 'environment', source: 'gitops/environments/staging.yaml' }]],
  ['multiLine', [{ layer: 'defaults', source: 'x' }]],
  ['["key with space"]', [{ layer: 'role', source: 'role dr' }]],
]) as ProvenanceMap;

describe('renderValuesFile', () => {
  const text = renderValuesFile('# header', TRICKY, prov);

  it('round-trips every value for YAML 1.1 (Helm) and YAML 1.2 readers', () => {
    expect(parse(text, { version: '1.1' })).toEqual(TRICKY);
    expect(parse(text, { version: '1.2' })).toEqual(TRICKY);
  });

  it('comments each leaf with the layer that set it, and sorts keys', () => {
    expect(text).toContain('plain: ssd-standard # defaults: component demo (defaults)');
    expect(text).toContain('      c: deep # cluster: gitops/clusters/c.yaml');
    expect(text).toContain('list: # environment: gitops/environments/staging.yaml');
    expect(text).toContain('multiLine: |- # defaults: x');
    expect(text).toContain('"key with space": 1 # role: role dr');
    const top = Object.keys(parse(text) as object);
    expect(top).toEqual(Object.keys(TRICKY).sort());
  });

  it('quotes what a YAML 1.1 reader would not read as a string', () => {
    expect(text).toContain('- "yes"');
    expect(text).toContain('- "0777"');
    expect(text).toContain('"yes": "key is a YAML 1.1 boolean"');
    expect(text).not.toMatch(/^\s*- on$/m);
    expect(text).toContain('- 500m');
    expect(text).toContain('- "0xFF"');
  });

  it('prints an empty values object as {}', () => {
    expect(renderValuesFile('# h', {}, new Map() as ProvenanceMap)).toBe('# h\n{}\n');
  });
});
