import type { Values } from '../contract/component.ts';
import { isPlainObject, joinPath } from './merge.ts';

/** A literal that looks like a secret, found in values. */
export interface SecretFinding {
  path: string;
  kind: string;
}

const PATTERNS: readonly { kind: string; re: RegExp }[] = [
  { kind: 'private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
  { kind: 'Slack token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { kind: 'JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Keys whose non-empty literal value is a secret (references such as `existingSecret` are fine). */
const SECRET_KEYS = new Set([
  'password',
  'token',
  'apikey',
  'secretkey',
  'clientsecret',
  'privatekey',
  'accesskey',
  'secretaccesskey',
  'authtoken',
  'bearertoken',
]);

function scanString(path: string, key: string, value: string, out: SecretFinding[]): void {
  for (const { kind, re } of PATTERNS) {
    if (re.test(value)) {
      out.push({ path, kind });
      return;
    }
  }
  if (SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, '')) && value.trim() !== '') {
    out.push({ path, kind: `literal value of "${key}"` });
  }
}

/**
 * Finds literals that look like secrets (private keys, tokens, passwords) anywhere in values.
 * Secrets must come from an ExternalSecret, never from values committed to Git.
 */
export function findSecretLiterals(values: Values, base = ''): SecretFinding[] {
  const out: SecretFinding[] = [];
  const walk = (v: unknown, path: string, key: string): void => {
    if (typeof v === 'string') scanString(path, key, v, out);
    else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, `${path}[${i}]`, key);
    } else if (isPlainObject(v))
      for (const [k, child] of Object.entries(v)) walk(child, joinPath(path, k), k);
  };
  walk(values, base, '');
  return out;
}
