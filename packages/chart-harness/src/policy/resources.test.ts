import { describe, expect, it } from 'vitest';
import { goodContainer, goodDeployment } from '../__fixtures__/manifests.ts';
import { checkResources } from './resources.ts';

describe('checkResources', () => {
  it('accepts containers with CPU and memory requests and limits', () => {
    expect(checkResources(goodDeployment())).toEqual([]);
  });

  it('reports each missing value of containers and init containers, but not of ephemeral containers', () => {
    const init = {
      ...goodContainer('init'),
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    };
    const problems = checkResources(
      goodDeployment({
        initContainers: [init],
        ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
      }),
    );
    expect(problems).toEqual([
      {
        check: 'resources',
        path: 'spec.template.spec.initContainers[0].resources.limits.cpu',
        message:
          'expected a cpu limit (a quantity such as 100m), found nothing; ' +
          'set resources.limits.cpu in the chart values',
      },
    ]);
  });
});
