import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { input } from './__fixtures__/input.ts';
import { emitTree } from './emit.ts';

/**
 * Extra cross-check against Argo CD's own CRDs (v3.6.0) when the reference folder beside the
 * project is there (it is not on a user's clone: then these tests are reported as skipped).
 * Every object schema with properties is closed (additionalProperties: false), as
 * `kubectl --validate=strict` does.
 */
const CRDS = resolve(import.meta.dirname, '../../../../shared/reference/argocd-v3.6.0-crds');
const available = existsSync(CRDS);

type Schema = Record<string, any>;

function closeObjects(s: Schema): Schema {
  if (!s || typeof s !== 'object') return s;
  const out: Schema = Array.isArray(s) ? s.map(closeObjects) : {};
  if (Array.isArray(s)) return out;
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, closeObjects(ps)]))
        : closeObjects(v);
  }
  if (s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function validator(file: string) {
  const crd = parse(readFileSync(join(CRDS, file), 'utf8')) as Schema;
  const version = (crd.spec.versions as Schema[]).find((v) => v.name === 'v1alpha1')!;
  const schema = closeObjects(version.schema.openAPIV3Schema);
  schema.properties.metadata = { type: 'object' };
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe.runIf(available)('emitted Argo CD objects against the Argo CD v3.6.0 CRDs', () => {
  const tree = emitTree(input());
  const byKind: Record<string, string> = {
    Application: 'application-crd.yaml',
    ApplicationSet: 'applicationset-crd.yaml',
    AppProject: 'appproject-crd.yaml',
  };
  const objects = [...tree]
    .filter(([p]) => /^(bootstrap|clusters\/[^/]+\/apps)\//.test(p))
    .flatMap(([p, c]) => parseAllDocuments(c).map((d) => ({ p, o: d.toJSON() as Schema })));

  it('validates every Application, ApplicationSet and AppProject with unknown fields rejected', () => {
    const validators = Object.fromEntries(Object.entries(byKind).map(([k, f]) => [k, validator(f)]));
    expect(objects.length).toBeGreaterThan(0);
    for (const { p, o } of objects) {
      const validate = validators[o.kind as string]!;
      expect(validate(o) ? [] : validate.errors, p).toEqual([]);
    }
  });

  it('rejects a misspelled field (the check can fail)', () => {
    const validate = validator('applicationset-crd.yaml');
    const appset = objects.find(({ o }) => o.kind === 'ApplicationSet')!.o;
    expect(validate({ ...appset, spec: { ...appset.spec, goTemplat: true } })).toBe(false);
  });
});
