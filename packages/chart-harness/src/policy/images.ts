import { formatPath } from '../object-path.ts';
import type { ObjectProblem } from '../object-problem.ts';
import { containersOf, podTemplateOf } from './workloads.ts';

const DIGEST = /@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Why an image reference is not pinned (`:latest` or no tag at all), or undefined when it is. */
export function unpinnedImage(image: string): string | undefined {
  if (DIGEST.test(image)) return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  if (colon < 0) return 'untagged (it resolves to :latest)';
  if (name.slice(colon + 1) === 'latest') return 'tagged :latest';
  return undefined;
}

/** Every container image is pinned to a version tag or a digest: no `:latest`, no untagged images. */
export function checkImages(manifest: Record<string, unknown>): ObjectProblem[] {
  const template = podTemplateOf(manifest);
  if (template === undefined) return [];
  return containersOf(template).flatMap(({ container, path }): ObjectProblem[] => {
    const image = container.image;
    const why = typeof image === 'string' ? unpinnedImage(image) : 'missing';
    if (why === undefined) return [];
    const shown = typeof image === 'string' ? `"${image}"` : 'nothing';
    return [
      {
        check: 'image',
        path: formatPath([...path, 'image']),
        message:
          `expected an image pinned to a version tag or digest, found ${shown} ` +
          `(${why}); set the image tag to a released version (or @sha256: digest) in the chart values`,
      },
    ];
  });
}
