import type { Issue } from '@platform/errors';
import type { FleetDraft } from './fleet-draft.ts';
import { FLEET_RULES } from './fleet-rules.ts';
import type { Fleet } from './schema.ts';

/**
 * Runs every fleet rule (docs/decisions.md#disaster-recovery) and returns all issues, each naming the file, the
 * cluster when there is one, the dotted path, and what was expected and found. Never throws on
 * bad input. Accepts a partially parsed fleet too: rules skip what is missing.
 */
export function validateFleet(fleet: Fleet | FleetDraft): Issue[] {
  return FLEET_RULES.flatMap((rule) => rule.check(fleet));
}
