import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformError } from '@platform/errors';
import { findWorkspaceRoot } from '@platform/hydrate';
import { stringify } from 'yaml';

/** The Gatekeeper release whose gator scripts/setup.sh builds. */
export const GATOR_VERSION = 'v3.23.0';

/** A Kubernetes object as rendered (the structural subset this package needs). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [key: string]: unknown;
}

/** One constraint an object violates, as gator reports it. */
export interface GatorViolation {
  /** `apps/v1 Deployment cert-manager/cert-manager` */
  ref: string;
  /** The violating object as gator reviewed it. */
  object: KubeObject;
  constraintKind: string;
  constraintName: string;
  /** `deny`, `warn` or `dryrun` (Gatekeeper only refuses the object on `deny`). */
  enforcementAction: string;
  /** Per enforcement point, when the constraint uses `scoped` enforcement. */
  scopedEnforcementActions?: string[];
  message: string;
}

export interface GatorInput {
  /** ConstraintTemplates (templates.gatekeeper.sh). */
  templates: readonly KubeObject[];
  /** Constraints (constraints.gatekeeper.sh) of the templates' kinds. */
  constraints: readonly KubeObject[];
  /** Objects to review; include the Namespace objects that namespaceSelectors match against. */
  objects: readonly KubeObject[];
}

export class GatorNotFoundError extends PlatformError {
  constructor(tried: string) {
    super(
      `gator ${GATOR_VERSION} was not found (looked at ${tried}). Run 'bash scripts/setup.sh' ` +
        `(it builds gator ${GATOR_VERSION} from source into .tools/bin once, several minutes the first time), ` +
        `or set GATOR_BIN to a gator ${GATOR_VERSION} binary.`,
    );
  }
}

/** gator could not evaluate the input (a template that does not compile, a constraint without its template, ...). */
export class GatorError extends PlatformError {}

/** `$GATOR_BIN` when set (and then only there), else `<workspace root>/.tools/bin/gator-v3.23.0`. */
export function locateGator(env: NodeJS.ProcessEnv = process.env, root = findWorkspaceRoot()): string {
  const path =
    env.GATOR_BIN || (root === undefined ? undefined : join(root, '.tools', 'bin', `gator-${GATOR_VERSION}`));
  if (path !== undefined) {
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // reported below
    }
  }
  throw new GatorNotFoundError(path ?? '<no workspace root>/.tools/bin');
}

export function objectRef(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${o.apiVersion} ${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '<no name>'}`;
}

interface RawResult {
  msg?: string;
  enforcementAction?: string;
  scopedEnforcementActions?: string[] | null;
  constraint?: { kind?: string; metadata?: { name?: string } };
  violatingObject?: KubeObject;
}

function run(bin: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/**
 * Evaluates the constraints against every object with the real `gator test -o json` (what
 * Gatekeeper's audit and admission webhook evaluate), every enforcement action included.
 * Returns one entry per (object, violated constraint), sorted by object, then constraint.
 */
export async function gatorTest(
  input: GatorInput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatorViolation[]> {
  const bin = locateGator(env);
  const dir = mkdtempSync(join(tmpdir(), 'gator-'));
  try {
    const docs = [...input.templates, ...input.constraints, ...input.objects];
    if (docs.length === 0) return [];
    writeFileSync(
      join(dir, 'input.yaml'),
      docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n'),
    );
    const res = await run(bin, ['test', '--filename', join(dir, 'input.yaml'), '--output', 'json']);
    let raw: RawResult[] | null;
    try {
      raw = JSON.parse(res.stdout) as RawResult[] | null;
    } catch {
      throw new GatorError(
        `gator test failed (exit code ${res.code}): ${(res.stderr || res.stdout).trim().slice(0, 2000)}`,
      );
    }
    const violations = (raw ?? []).map((r): GatorViolation => {
      const object = r.violatingObject ?? { apiVersion: '?', kind: '?' };
      return {
        ref: objectRef(object),
        object,
        constraintKind: r.constraint?.kind ?? '?',
        constraintName: r.constraint?.metadata?.name ?? '?',
        enforcementAction: r.enforcementAction ?? '?',
        ...(r.scopedEnforcementActions?.length
          ? { scopedEnforcementActions: r.scopedEnforcementActions }
          : {}),
        message: r.msg ?? '',
      };
    });
    const key = (v: GatorViolation) => `${v.ref}\0${v.constraintKind}\0${v.constraintName}\0${v.message}`;
    return violations.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits rendered objects into templates, constraints and everything else. */
export function splitPolicies(objects: readonly KubeObject[]): GatorInput {
  const templates: KubeObject[] = [];
  const constraints: KubeObject[] = [];
  const rest: KubeObject[] = [];
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    if (group === 'templates.gatekeeper.sh' && o.kind === 'ConstraintTemplate') templates.push(o);
    else if (group === 'constraints.gatekeeper.sh') constraints.push(o);
    else rest.push(o);
  }
  return { templates, constraints, objects: rest };
}
