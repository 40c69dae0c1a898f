import { isRecord } from './object-path.ts';

/** `apps/v1 Deployment infra/redis`: how findings name an object. */
export function describeObject(manifest: Record<string, unknown>): string {
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  const namespace = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  return `${String(manifest.apiVersion)} ${String(manifest.kind)} ${namespace}${name}`;
}
