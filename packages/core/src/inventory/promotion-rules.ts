import type { Issue } from '@platform/errors';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import type { FleetRule } from './fleet-rule.ts';
import { ENVIRONMENT_NAMES } from './schema.ts';

/**
 * `gitops.promotion` names every environment exactly once: a change moves through each of them
 * in that order (an unknown name is refused by the schema). A missing environment would never
 * receive a promotion; a repeated one has no single previous environment to promote from.
 */
export const PROMOTION_RULES: readonly FleetRule[] = [
  {
    code: 'promotion-order',
    description: 'gitops.promotion names every environment exactly once',
    check: (fleet: FleetDraft): Issue[] => {
      const order = fleet.settings?.gitops.promotion;
      if (!order) return [];
      const file = fileOf(fleet, 'fleet');
      const issues: Issue[] = [];
      order.forEach((env, i) => {
        const first = order.indexOf(env);
        if (first < i)
          issues.push({
            code: 'promotion-order',
            file,
            path: `gitops.promotion[${i}]`,
            message: `environment ${env} is already gitops.promotion[${first}]; each environment is promoted to once`,
            expected: 'each environment once',
            found: JSON.stringify(env),
            hint: `Remove gitops.promotion[${i}].`,
          });
      });
      const missing = ENVIRONMENT_NAMES.filter((e) => !order.includes(e));
      if (missing.length > 0)
        issues.push({
          code: 'promotion-order',
          file,
          path: 'gitops.promotion',
          message: `the promotion order leaves out ${missing.join(', ')}: ${missing.length === 1 ? 'that environment' : 'those environments'} would never receive a change`,
          expected: `every environment once (${ENVIRONMENT_NAMES.join(', ')})`,
          found: JSON.stringify(order),
          hint: 'List every environment in the order changes move through them, or remove gitops.promotion for the default.',
        });
      return issues;
    },
  },
];
