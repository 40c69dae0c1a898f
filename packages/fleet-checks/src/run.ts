import type { Issue } from '@platform/errors';
import type { RenderedFleet } from '@platform/hydrate';
import { apiServerRulesCheck } from './apiserver-rules.ts';
import { argoProject } from './argo-project.ts';
import { autoscalersCheck } from './autoscalers.ts';
import { gatekeeperCheck } from './gatekeeper.ts';
import { namespaceMetadataCheck } from './namespace-metadata.ts';
import { podSecurityCheck } from './pod-security.ts';
import { referencesCheck } from './references.ts';
import { schedulingCheck } from './scheduling.ts';
import { schemaCheck } from './schema.ts';
import { spreadCheck } from './spread.ts';
import type { FleetCheck } from './types.ts';

/** The checks of this package, in the order their findings are most useful to read. */
export const FLEET_CHECKS: readonly FleetCheck[] = [
  schemaCheck,
  apiServerRulesCheck,
  podSecurityCheck,
  referencesCheck,
  schedulingCheck,
  spreadCheck,
  autoscalersCheck,
  argoProject,
  gatekeeperCheck,
  namespaceMetadataCheck,
];

const FIELDS = [
  'cluster',
  'component',
  'file',
  'object',
  'path',
  'code',
  'message',
  'expected',
  'found',
] as const;

/** Orders issues by where they are, then what they say; equal issues keep their order. */
export function compareIssues(a: Issue, b: Issue): number {
  for (const field of FIELDS) {
    const x = a[field] ?? '';
    const y = b[field] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Runs every check (or `checks`) over the rendered fleet; all issues, sorted stably. */
export function runFleetChecks(fleet: RenderedFleet, checks: readonly FleetCheck[] = FLEET_CHECKS): Issue[] {
  return checks.flatMap((check) => check(fleet)).sort(compareIssues);
}
