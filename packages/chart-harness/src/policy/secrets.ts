import { isRecord } from '../object-path.ts';
import type { ObjectProblem } from '../object-problem.ts';

/** No `Secret` carries `data` or `stringData`: secrets come only through ExternalSecrets. */
export function checkSecrets(manifest: Record<string, unknown>): ObjectProblem[] {
  if (manifest.apiVersion !== 'v1' || manifest.kind !== 'Secret') return [];
  return (['data', 'stringData'] as const).flatMap((field): ObjectProblem[] => {
    const value = manifest[field];
    if (value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0))
      return [];
    const keys = isRecord(value) ? Object.keys(value).join(', ') : JSON.stringify(value);
    return [
      {
        check: 'secret',
        path: field,
        message:
          `expected a Secret without ${field} (secrets come only through ExternalSecrets), ` +
          `found keys ${keys}; remove the Secret and create an external-secrets.io/v1 ` +
          'ExternalSecret that writes it from the secret store',
      },
    ];
  });
}
