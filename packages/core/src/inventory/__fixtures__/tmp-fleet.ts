import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Issue, ValidationError } from '@platform/errors';
import { type Document, parseDocument } from 'yaml';
import { loadFleet } from '../load-fleet.ts';
import type { Fleet } from '../schema.ts';

/** The committed inventory of the workspace. */
export const DEFAULT_GITOPS = fileURLToPath(new URL('../../../../../gitops/', import.meta.url));

/** A fixture file next to this helper. */
export function fixture(name: string): Promise<string> {
  return readFile(new URL(name, import.meta.url), 'utf8');
}

/** A copy of the default inventory in a temporary `<tmp>/gitops`, to break one thing per test. */
export interface TmpFleet {
  dir: string;
  read(rel: string): Promise<string>;
  write(rel: string, text: string): Promise<void>;
  /** Edits a YAML file in place (comments kept). */
  edit(rel: string, change: (doc: Document) => void): Promise<void>;
  /** Copies a cluster file under a new name, applying `change`. */
  copy(from: string, to: string, change?: (doc: Document) => void): Promise<void>;
  remove(rel: string): Promise<void>;
  load(): Promise<Fleet>;
  /** The issues loadFleet reports (empty when it loads). */
  issues(): Promise<Issue[]>;
  cleanup(): Promise<void>;
}

export async function tmpFleet(): Promise<TmpFleet> {
  const base = await mkdtemp(join(tmpdir(), 'fleet-'));
  const dir = join(base, 'gitops');
  for (const part of ['fleet.yaml', 'environments', 'clusters']) {
    await cp(join(DEFAULT_GITOPS, part), join(dir, part), { recursive: true });
  }
  const self: TmpFleet = {
    dir,
    read: (rel) => readFile(join(dir, rel), 'utf8'),
    write: (rel, text) => writeFile(join(dir, rel), text),
    async edit(rel, change) {
      const doc = parseDocument(await self.read(rel));
      change(doc);
      await self.write(rel, doc.toString());
    },
    async copy(from, to, change) {
      const doc = parseDocument(await self.read(from));
      change?.(doc);
      await self.write(to, doc.toString());
    },
    remove: (rel) => rm(join(dir, rel)),
    load: () => loadFleet(dir),
    async issues() {
      try {
        await loadFleet(dir);
        return [];
      } catch (err) {
        if (err instanceof ValidationError) return [...err.issues];
        throw err;
      }
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
  return self;
}

/** Sets name, endpoints and CIDRs of a copied cluster so it is a distinct, valid cluster. */
export function renameCluster(doc: Document, name: string, region: string, secondOctet: number): void {
  const endpoint = `https://${name}.gr7.${region}.eks.amazonaws.com`;
  doc.set('name', name);
  doc.set('region', region);
  doc.set('apiServerEndpoint', endpoint);
  // A standalone cluster deploys to itself in-cluster; only a hub's spoke names its endpoint.
  if (doc.getIn(['destination', 'server']) !== 'https://kubernetes.default.svc') {
    doc.setIn(['destination', 'name'], name);
    doc.setIn(['destination', 'server'], endpoint);
  }
  doc.setIn(['network', 'vpcCidr'], `10.${secondOctet}.0.0/16`);
  doc.setIn(['network', 'podCidr'], `10.${secondOctet + 1}.0.0/16`);
  doc.setIn(['network', 'serviceCidr'], `10.${secondOctet + 2}.0.0/16`);
}

/**
 * Turns the default fleet into a hub fleet: agentic-dev-usw2 is the management cluster (its
 * Argo CD manages every cluster), the others are spokes whose destination is their API server.
 */
export async function toHub(t: TmpFleet): Promise<void> {
  await t.edit('fleet.yaml', (doc) => doc.setIn(['argocd', 'topology'], 'hub'));
  await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('hub', true));
  for (const name of ['agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
    await t.edit(`clusters/${name}.yaml`, (doc) => {
      doc.setIn(['destination', 'name'], name);
      doc.setIn(['destination', 'server'], doc.get('apiServerEndpoint'));
    });
  }
}
