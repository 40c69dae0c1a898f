import { checkApis } from './check-api.ts';
import { describeObject } from './describe-object.ts';
import type { ObjectProblem } from './object-problem.ts';
import { checkImages } from './policy/images.ts';
import { checkLabels, REQUIRED_LABELS } from './policy/labels.ts';
import { checkPodSecurity } from './policy/pod-security.ts';
import { checkResources } from './policy/resources.ts';
import { checkSecrets } from './policy/secrets.ts';
import type { CheckOptions, Finding, RenderedObject } from './types.ts';

/**
 * Runs every check on rendered objects and returns all findings at once: served API, schema,
 * unknown fields, and (for our own charts) labels, pod security, images, resources and secrets.
 */
export async function checkObjects(
  objects: readonly RenderedObject[],
  options: CheckOptions,
): Promise<Finding[]> {
  const manifests = objects.map((o) => o.manifest);
  const apiProblems = await checkApis(manifests, options);
  const required = options.requiredLabels ?? REQUIRED_LABELS;
  return manifests.flatMap((manifest, i) => {
    const problems: ObjectProblem[] = [...(apiProblems[i] ?? [])];
    if (options.ownWorkloads ?? true) {
      problems.push(
        ...checkLabels(manifest, required),
        ...(hostAccessKey(manifest) !== undefined && options.hostAccess?.includes(hostAccessKey(manifest)!)
          ? []
          : checkPodSecurity(manifest)),
        ...checkImages(manifest),
        ...checkResources(manifest),
        ...checkSecrets(manifest),
      );
    }
    const object = describeObject(manifest);
    return problems.map(
      (p): Finding => ({
        scenario: options.scenario,
        check: p.check,
        object,
        path: p.path,
        message: p.message,
      }),
    );
  });
}

/** `apiVersion/Kind/name` of an object, the form `hostAccess` lists. */
function hostAccessKey(manifest: Record<string, unknown>): string | undefined {
  const name = (manifest.metadata as { name?: unknown } | undefined)?.name;
  return typeof name === 'string'
    ? `${String(manifest.apiVersion)}/${String(manifest.kind)}/${name}`
    : undefined;
}
