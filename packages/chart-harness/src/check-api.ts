import type { ErrorObject } from 'ajv';
import { describeAjvErrors } from './ajv-errors.ts';
import { hasCiliumSchema, validateCilium } from './cilium-validator.ts';
import { findUnknownFields } from './field-tree.ts';
import { cacheKey, getFieldTrees } from './field-tree-cache.ts';
import { loadModel, locateModel, type ModelLocation } from './model-registry.ts';
import { formatPath } from './object-path.ts';
import type { ObjectProblem } from './object-problem.ts';
import { findUnservedApi, type UnservedApi } from './served-apis.ts';
import { unknownFieldMessage } from './suggest.ts';

/** Settings of the API checks (a subset of the check options). */
export interface ApiCheckOptions {
  kubeVersion?: string;
  allowKinds?: readonly string[];
}

/**
 * The API checks of each manifest, in order: is its apiVersion served (an unserved one gets
 * only that finding), does it validate against the schema of the kind it declares, and does
 * it carry fields that kind does not declare. Returns one problem list per manifest.
 */
export async function checkApis(
  manifests: readonly Record<string, unknown>[],
  options: ApiCheckOptions = {},
): Promise<ObjectProblem[][]> {
  const results: ObjectProblem[][] = manifests.map(() => []);
  const modelled: { index: number; location: ModelLocation }[] = [];
  for (const [index, manifest] of manifests.entries()) {
    const apiVersion = String(manifest.apiVersion);
    const kind = String(manifest.kind);
    const problems = results[index] as ObjectProblem[];
    const unserved = findUnservedApi(apiVersion, kind, options.kubeVersion);
    const location = unserved ? undefined : locateModel(apiVersion, kind);
    if (unserved !== undefined) problems.push(unservedProblem(apiVersion, kind, unserved));
    else if (hasCiliumSchema(apiVersion, kind)) problems.push(...validateCilium(manifest));
    else if (location !== undefined) modelled.push({ index, location });
    else if (!isAllowed(apiVersion, kind, options.allowKinds)) problems.push(noSchema(apiVersion, kind));
  }
  const models = await Promise.all(modelled.map(({ location }) => loadModel(location)));
  // trees are built (or read from the cache) only for kinds that were actually rendered
  const trees = await getFieldTrees(
    modelled.filter((_, i) => models[i] !== undefined).map((m) => m.location),
  );
  for (const [i, { index, location }] of modelled.entries()) {
    const manifest = manifests[index] as Record<string, unknown>;
    const problems = results[index] as ObjectProblem[];
    const model = models[i];
    if (model === undefined) {
      if (!isAllowed(String(manifest.apiVersion), location.kind, options.allowKinds)) {
        problems.push(noSchema(String(manifest.apiVersion), location.kind));
      }
      continue;
    }
    problems.push(...validateModel(model, manifest));
    const tree = trees.get(cacheKey(location));
    for (const unknown of tree ? findUnknownFields(manifest, tree) : []) {
      const field = String(unknown.segments.at(-1));
      problems.push({
        check: 'unknown-field',
        path: formatPath(unknown.segments),
        message: unknownFieldMessage(field, unknown.known),
      });
    }
  }
  return results;
}

function unservedProblem(apiVersion: string, kind: string, unserved: UnservedApi): ObjectProblem {
  return {
    check: 'served-api',
    path: 'apiVersion',
    message:
      `${apiVersion} ${kind} is ${unserved.reason}; expected ${unserved.replacement}, found ${apiVersion}; ` +
      (unserved.fix ?? `emit ${unserved.replacement} instead`),
  };
}

function validateModel(
  model: { new (data: unknown): { validate(): void } },
  manifest: Record<string, unknown>,
): ObjectProblem[] {
  try {
    new model(manifest).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw error;
    return describeAjvErrors(errors as ErrorObject[], manifest);
  }
}

function isAllowed(apiVersion: string, kind: string, allowKinds: readonly string[] = []): boolean {
  return allowKinds.includes(`${apiVersion}/${kind}`) || allowKinds.includes(`${apiVersion}/*`);
}

function noSchema(apiVersion: string, kind: string): ObjectProblem {
  return {
    check: 'schema',
    path: '',
    message:
      `no schema known for ${apiVersion} ${kind}; add it to the harness registry ` +
      '(packages/chart-harness/src/model-registry.ts) or, if it needs no validation, list it in allowKinds',
  };
}
