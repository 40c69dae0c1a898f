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

/**
 * An AWS secret access key has no prefix to recognise it by: it is 40 characters of base64.
 * It counts as a secret when the key (or, in an `env` list, the entry's `name`) says so, e.g.
 * `aws-secret-access-key`, `secretAccessKey`, `AWS_SECRET_ACCESS_KEY`, `awsSecretKey`.
 */
const AWS_SECRET_SHAPE = /^[A-Za-z0-9/+]{40}$/;
function hintsAwsSecret(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  return (
    k.includes('secretaccesskey') || k.includes('secretkey') || (k.includes('aws') && k.includes('secret'))
  );
}

/**
 * The one deliberate exception: the placeholder keys of the AWS documentation, which all end in
 * `EXAMPLE` or `EXAMPLEKEY` and which no real account uses. Nothing else is excepted.
 */
const DOCUMENTED_PLACEHOLDER = /EXAMPLE(KEY)?$/;

function scanString(path: string, key: string, value: string, out: SecretFinding[]): void {
  if (DOCUMENTED_PLACEHOLDER.test(value.trim())) return;
  for (const { kind, re } of PATTERNS) {
    if (re.test(value)) {
      out.push({ path, kind });
      return;
    }
  }
  if (hintsAwsSecret(key) && AWS_SECRET_SHAPE.test(value.trim())) {
    out.push({ path, kind: 'AWS secret access key' });
    return;
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
    else if (isPlainObject(v) && typeof v.name === 'string' && typeof v.value === 'string') {
      // An `env` entry: the variable's name is the key that says what the value is.
      scanString(joinPath(path, 'value'), v.name, v.value, out);
      for (const [k, child] of Object.entries(v)) if (k !== 'value') walk(child, joinPath(path, k), k);
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, `${path}[${i}]`, key);
    } else if (isPlainObject(v))
      for (const [k, child] of Object.entries(v)) walk(child, joinPath(path, k), k);
  };
  walk(values, base, '');
  return out;
}
