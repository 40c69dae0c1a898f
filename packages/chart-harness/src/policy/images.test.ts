import { describe, expect, it } from 'vitest';
import { goodContainer, goodDeployment } from '../__fixtures__/manifests.ts';
import { checkImages, unpinnedImage } from './images.ts';

describe('unpinnedImage', () => {
  it.each([
    'nginx:1.27.3',
    'ghcr.io/opencost/opencost:1.108.0',
    'registry.example.com:5000/team/app:2.0',
    `redis@sha256:${'a'.repeat(64)}`,
    `redis:latest@sha256:${'b'.repeat(64)}`,
  ])('accepts %s, which is pinned', (image) => {
    expect(unpinnedImage(image)).toBeUndefined();
  });

  it.each([
    ['nginx:latest', 'tagged :latest'],
    ['nginx', 'untagged (it resolves to :latest)'],
    ['registry.example.com:5000/team/app', 'untagged (it resolves to :latest)'],
  ])('reports %s as %s', (image, why) => {
    expect(unpinnedImage(image)).toBe(why);
  });
});

describe('checkImages', () => {
  it('reports every unpinned image of a pod, init containers included', () => {
    const init = { ...goodContainer('init'), image: 'busybox' };
    const problems = checkImages(
      goodDeployment({ initContainers: [init], containers: [{ ...goodContainer(), image: 'app:latest' }] }),
    );
    expect(problems.map((p) => [p.check, p.path])).toEqual([
      ['image', 'spec.template.spec.containers[0].image'],
      ['image', 'spec.template.spec.initContainers[0].image'],
    ]);
  });
});
