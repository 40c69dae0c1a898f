import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from './__fixtures__/workspace.ts';
import { GOLDEN_DIR, HUB_GOLDEN_DIR } from './gen-files.ts';

/**
 * Argo CD v3.6.1's own ApplicationSet reconciler (tools/argocd-check, built by scripts/setup.sh)
 * run over the golden trees: what a real Argo CD generates from them, what survives an
 * operator's incident change, and what removing a component does.
 */
const ARGOCD_VERSION = 'v3.6.1';
const BIN = process.env.ARGOCD_CHECK_BIN ?? join(workspaceRoot, `.tools/bin/argocd-check-${ARGOCD_VERSION}`);
const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

type Obj = Record<string, any>;
interface Report {
  applicationSets: {
    name: string;
    conditions: Obj[] | null;
    applications: Obj[];
    incident: { application: string; syncPolicyKept: boolean; targetRevisionKept: boolean }[];
    removal?: {
      component: string;
      application: string;
      gone: boolean;
      deletionPending: boolean;
      finalizers: string[] | null;
    };
  }[];
}

function reconcile(dirs: string | string[], progressiveSyncs = false): Report {
  if (!existsSync(BIN)) {
    throw new Error(
      `Argo CD's ApplicationSet controller (${BIN}) is missing: run scripts/setup.sh (it builds tools/argocd-check), or set ARGOCD_CHECK_BIN`,
    );
  }
  const args = [
    ...(progressiveSyncs ? ['--progressive-syncs'] : []),
    ...[dirs].flat().map((d) => join(workspaceRoot, d)),
  ];
  return JSON.parse(execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 })) as Report;
}

const errors = (r: Report) =>
  r.applicationSets.flatMap((a) =>
    (a.conditions ?? [])
      .filter((c) => c.type === 'ErrorOccurred' && c.status === 'True')
      .map((c) => `${a.name}: ${c.message}`),
  );

describe("Argo CD's ApplicationSet controller on the tree before issue 13", { timeout: 120_000 }, () => {
  const BEFORE = 'apps/cli/src/__fixtures__/argocd-before';
  // With the cluster registration that tree never generated, so that Applications are generated at all.
  const before = () => reconcile([BEFORE, 'apps/cli/src/__fixtures__/argocd-before-registered'], true);

  it('fails: no cluster registration, so Argo CD refuses every Application of a remote destination', () => {
    const [set] = reconcile(BEFORE, true).applicationSets;
    expect(set!.applications).toEqual([]);
    expect(errors({ applicationSets: [set!] })[0]).toMatch(/application destination spec is invalid/);
  });

  it('fails: RollingSync turns automated sync off, so self-heal does nothing', () => {
    const apps = before().applicationSets[0]!.applications;
    expect(apps.length).toBeGreaterThan(0);
    for (const a of apps) expect(a.syncPolicy.automated.enabled).toBe(false);
  });

  it('fails: a removed component leaves its Application resources running (no finalizer)', () => {
    const { removal } = before().applicationSets[0]!;
    expect(removal).toMatchObject({ gone: true });
    expect(removal!.finalizers ?? []).not.toContain(FINALIZER);
  });

  it("fails: the ApplicationSet reverts an operator's incident change", () => {
    for (const i of before().applicationSets[0]!.incident) {
      expect(i.syncPolicyKept && i.targetRevisionKept).toBe(false);
    }
  });
});

describe.each([
  ['standalone', GOLDEN_DIR],
  ['hub', HUB_GOLDEN_DIR],
])("Argo CD's ApplicationSet controller on the %s golden tree", (topology, dir) => {
  const report = (() => {
    let r: Report | undefined;
    return () => (r ??= reconcile(dir));
  })();

  it('generates every Application without an error (projects exist, destinations are registered)', {
    timeout: 300_000,
  }, () => {
    const r = report();
    expect(r.applicationSets.map((a) => a.name)).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    expect(errors(r)).toEqual([]);
    for (const a of r.applicationSets) expect(a.applications.length).toBeGreaterThan(5);
  });

  it('keeps automated sync with self-heal and prune in development and staging, manual in production', () => {
    for (const set of report().applicationSets) {
      const production = set.name.includes('prod') || set.name.includes('dr');
      for (const a of set.applications) {
        if (production) expect(a.syncPolicy.automated ?? null, a.name).toBeNull();
        else {
          expect(a.syncPolicy.automated.enabled, a.name).not.toBe(false);
          expect(a.syncPolicy.automated.selfHeal, a.name).toBe(true);
        }
        expect(a.syncPolicy.retry.limit, a.name).toBe(10);
        expect(a.annotations?.['argocd.argoproj.io/sync-wave'], a.name).toBeUndefined();
      }
    }
  });

  it('gives every Application the resources finalizer: removing a component uninstalls it', () => {
    for (const set of report().applicationSets) {
      for (const a of set.applications) expect(a.finalizers, a.name).toContain(FINALIZER);
      expect(set.removal, set.name).toMatchObject({ deletionPending: true, finalizers: [FINALIZER] });
    }
  });

  it("leaves an operator's incident change alone (sync policy off, revision pinned)", () => {
    for (const set of report().applicationSets) {
      for (const i of set.incident)
        expect(i, i.application).toMatchObject({ syncPolicyKept: true, targetRevisionKept: true });
    }
  });

  it('carries the components’ ignoreDifferences with RespectIgnoreDifferences', () => {
    const dev = report().applicationSets.find((a) => a.name === 'agentic-dev-usw2')!;
    const certManager = dev.applications.find((a) => a.name === 'agentic-dev-usw2-cert-manager')!;
    expect(certManager.ignoreDifferences).toContainEqual(
      expect.objectContaining({ kind: 'ValidatingWebhookConfiguration' }),
    );
    expect(certManager.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  it(`sends Applications where the ${topology} topology says`, () => {
    for (const set of report().applicationSets) {
      const servers = new Set(set.applications.map((a) => a.destination.server));
      const inCluster = topology === 'standalone' || set.name === 'agentic-prod-usw2';
      expect([...servers], set.name).toEqual([
        inCluster
          ? 'https://kubernetes.default.svc'
          : expect.stringMatching(new RegExp(`^https://${set.name}\\.`)),
      ]);
    }
  });
});
