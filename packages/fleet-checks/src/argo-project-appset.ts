import { parse } from 'yaml';

type Obj = Record<string, unknown>;

/** An Application the ApplicationSet controller would generate, or why it would generate none. */
export type Generated =
  | { ok: true; generator: number; element: number; application: Obj }
  | { ok: false; element?: number; path: string; message: string; expected: string; found: string };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class TemplateError extends Error {
  constructor(
    message: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(message);
  }
}

function lookup(params: Obj, ref: string, missingKeyError: boolean): unknown {
  let cur: unknown = params;
  for (const key of ref.split('.').slice(1)) {
    if (!isObj(cur) || !(key in cur)) {
      if (missingKeyError)
        throw new TemplateError(
          `the template uses ${ref}, which the generator's element does not have (missingkey=error: Argo CD generates no Application from it)`,
          `a key ${ref.slice(1)} in the element`,
          `keys: ${isObj(params) ? Object.keys(params).sort().join(', ') : 'none'}`,
        );
      return undefined;
    }
    cur = cur[key];
  }
  return cur;
}

function printValue(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * The part of Go's text/template (with Sprig) the generated ApplicationSets use: `{{ .a.b }}`,
 * `{{ toJson .x }}`, `{{ .x | toJson }}`, `{{ quote .x }}` and `{{-`/`-}}` trimming. Anything
 * else is reported rather than guessed.
 */
export function renderGoTemplate(text: string, params: Obj, missingKeyError: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('{{', i);
    if (start < 0) {
      out += text.slice(i);
      break;
    }
    let literal = text.slice(i, start);
    let body = text.slice(start + 2);
    const end = body.indexOf('}}');
    if (end < 0) throw new TemplateError('unclosed action "{{"', 'a closing "}}"', text.slice(start));
    body = body.slice(0, end);
    let next = start + 2 + end + 2;
    if (body.startsWith('-')) {
      literal = literal.replace(/\s+$/, '');
      body = body.slice(1);
    }
    if (body.endsWith('-')) {
      body = body.slice(0, -1);
      while (next < text.length && /\s/.test(text[next]!)) next++;
    }
    out += literal + evalAction(body.trim(), params, missingKeyError);
    i = next;
  }
  return out;
}

const REF = '\\.[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*';
const PLAIN = new RegExp(`^(${REF})$`);
const CALL = new RegExp(`^(toJson|quote)\\s+(${REF})$`);
const PIPE = new RegExp(`^(${REF})\\s*\\|\\s*(toJson|quote)$`);

function evalAction(action: string, params: Obj, missingKeyError: boolean): string {
  const plain = PLAIN.exec(action);
  if (plain) return printValue(lookup(params, plain[1]!, missingKeyError));
  const call = CALL.exec(action);
  const pipe = PIPE.exec(action);
  const fn = call?.[1] ?? pipe?.[2];
  const ref = call?.[2] ?? pipe?.[1];
  if (fn && ref) {
    const v = lookup(params, ref, missingKeyError);
    return fn === 'toJson' ? JSON.stringify(v ?? null) : JSON.stringify(v === undefined ? '' : printValue(v));
  }
  throw new TemplateError(
    `the action {{ ${action} }} is beyond what this check evaluates`,
    '{{ .key }}, {{ toJson .key }} or {{ quote .key }}',
    `{{ ${action} }}`,
  );
}

function renderDeep(v: unknown, params: Obj, missingKeyError: boolean): unknown {
  if (typeof v === 'string') return v.includes('{{') ? renderGoTemplate(v, params, missingKeyError) : v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, params, missingKeyError));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k.includes('{{') ? renderGoTemplate(k, params, missingKeyError) : k,
        renderDeep(x, params, missingKeyError),
      ]),
    );
  return v;
}

/** Strategic merge as Argo CD applies templatePatch to an Application: maps merge, lists replace. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (isObj(base) && isObj(patch)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = v === null ? undefined : mergePatch(base[k], v);
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return out;
  }
  return patch;
}

/**
 * The Applications an ApplicationSet's list generator yields: each element's keys are the
 * template parameters; every string of `template` is rendered, then `templatePatch` is rendered,
 * parsed as YAML and merged in. Other generators and the non-Go template syntax are reported.
 */
export function expandApplicationSet(appset: Obj): Generated[] {
  const spec = isObj(appset.spec) ? appset.spec : {};
  if (spec.goTemplate !== true)
    return [
      {
        ok: false,
        path: 'spec.goTemplate',
        message: 'only Go templates (goTemplate: true) are evaluated by this check',
        expected: 'true',
        found: String(spec.goTemplate ?? 'absent'),
      },
    ];
  const options = Array.isArray(spec.goTemplateOptions) ? spec.goTemplateOptions : [];
  const missingKeyError = options.includes('missingkey=error');
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  const out: Generated[] = [];
  generators.forEach((g, gi) => {
    const list = isObj(g) && isObj(g.list) ? g.list : undefined;
    if (!list || !Array.isArray(list.elements)) {
      out.push({
        ok: false,
        path: `spec.generators[${gi}]`,
        message: 'only list generators with elements are evaluated by this check',
        expected: 'list.elements',
        found: isObj(g) ? Object.keys(g).join(', ') : String(g),
      });
      return;
    }
    list.elements.forEach((element, ei) => {
      const params = isObj(element) ? element : {};
      try {
        let app = renderDeep(spec.template ?? {}, params, missingKeyError) as Obj;
        if (typeof spec.templatePatch === 'string') {
          const patch = parse(renderGoTemplate(spec.templatePatch, params, missingKeyError));
          app = mergePatch(app, patch) as Obj;
        }
        out.push({ ok: true, generator: gi, element: ei, application: app });
      } catch (err) {
        const e = err as Error;
        out.push({
          ok: false,
          element: ei,
          path: `spec.generators[${gi}].list.elements[${ei}]`,
          message: e.message,
          expected: err instanceof TemplateError ? err.expected : 'a template that renders',
          found: err instanceof TemplateError ? err.found : e.message,
        });
      }
    });
  });
  return out;
}
