import { describe, expect, it } from 'vitest';
import { isRemoteUrl } from './remote.ts';

describe('isRemoteUrl', () => {
  it.each([
    'git@github.com:org/gitops.git',
    'github.com:org/gitops.git',
    'ssh://git@github.com/org/gitops.git',
    'git+ssh://git@github.com/org/gitops.git',
    'ssh+git://git@github.com/org/gitops.git',
    'git://git.example.com/gitops.git',
    'http://git.example.com/gitops.git',
    'https://git.example.com/gitops.git',
    'ftps://git.example.com/gitops.git',
    'file:///srv/git/gitops.git',
    'persistent-https::https://git.example.com/gitops.git',
  ])('%s is remote', (url) => {
    expect(isRemoteUrl(url)).toBe(true);
  });

  it.each(['/srv/git/gitops', './gitops', 'gitops', '../a/b:c', 'dir/with:colon'])(
    '%s is a local path',
    (p) => {
      expect(isRemoteUrl(p)).toBe(false);
    },
  );
});
