import { ValidationError } from '@platform/errors';
import { fromDottedPath } from '../util/dotted-path.ts';
import type { SourceIssue } from '../util/yaml-document.ts';
import { completeFleet } from './fleet-draft.ts';
import { locateIssues, parseInventory } from './parse-inventory.ts';
import { type InventoryFile, type ReadInventoryOptions, readInventoryFiles } from './read-inventory.ts';
import type { Fleet } from './schema.ts';
import { validateFleet } from './validate-fleet.ts';

/** Options of {@link loadFleet}. */
export type LoadFleetOptions = ReadInventoryOptions;

function check(files: readonly InventoryFile[], dir: string, readIssues: readonly SourceIssue[]): Fleet {
  const parsed = parseInventory(files, dir);
  const ruleIssues = locateIssues(validateFleet(parsed.draft), parsed.documents, fromDottedPath);
  const issues = [...readIssues, ...parsed.issues, ...ruleIssues];
  const fleet = completeFleet(parsed.draft);
  if (issues.length > 0 || !fleet) {
    throw new ValidationError(
      issues.length > 0
        ? issues
        : [{ code: 'incomplete-fleet', file: dir, message: 'the inventory is incomplete' }],
    );
  }
  return fleet;
}

/**
 * Parses and validates inventory files already in memory (see {@link readInventoryFiles}).
 * Throws a ValidationError with every problem: YAML syntax, schema, file names, fleet rules.
 */
export function parseFleet(files: readonly InventoryFile[], dir = 'gitops'): Fleet {
  return check(files, dir, []);
}

/**
 * Loads the fleet inventory in `dir` (`fleet.yaml`, `environments/*.yaml`, `clusters/*.yaml`),
 * validates it (schemas and fleet rules) and returns it. Throws a ValidationError listing every
 * problem at once; issues carry `line` and `column` when the YAML location is known.
 */
export async function loadFleet(dir: string, options: LoadFleetOptions = {}): Promise<Fleet> {
  const read = await readInventoryFiles(dir, options);
  return check(read.files, read.dir, read.issues);
}
