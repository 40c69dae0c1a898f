import { describe, expect, it } from 'vitest';
import { buildCommitMessage } from './message.ts';

const describePath = (p: string) => {
  const m = /^clusters\/([^/]+)\/components\/([^/]+)\//.exec(p);
  return { group: m ? `${m[1]}/${m[2]}` : 'shared' };
};

describe('buildCommitMessage', () => {
  it('names clusters and components in the subject, lists files per group, ends with trailers', () => {
    const msg = buildCommitMessage({
      changes: {
        added: ['clusters/prod/components/karpenter/values-karpenter.yaml'],
        changed: [
          'clusters/prod/components/cilium/values-cilium.yaml',
          'clusters/dev/components/cilium/values-config.yaml',
        ],
        removed: ['README.md'],
      },
      describe: describePath,
      sourceCommit: 'abc123',
      dirty: true,
      generator: { name: 'gen-gitops', version: '1.2.3' },
    });
    expect(msg).toBe(
      [
        'gen-gitops: update dev (cilium), prod (cilium, karpenter), shared',
        '',
        'dev/cilium:',
        '  M clusters/dev/components/cilium/values-config.yaml',
        '',
        'prod/cilium:',
        '  M clusters/prod/components/cilium/values-cilium.yaml',
        '',
        'prod/karpenter:',
        '  A clusters/prod/components/karpenter/values-karpenter.yaml',
        '',
        'shared:',
        '  D README.md',
        '',
        'Source-Commit: abc123-dirty',
        'Generator: gen-gitops 1.2.3',
        '',
      ].join('\n'),
    );
  });

  it('keeps the subject within 72 characters, summarising the rest', () => {
    const added = Array.from(
      { length: 30 },
      (_, i) => `clusters/cluster-number-${i}/components/cilium/values.yaml`,
    );
    const msg = buildCommitMessage({
      changes: { added, changed: [], removed: [] },
      describe: describePath,
      sourceCommit: 'abc',
      dirty: false,
      generator: { name: 'g', version: '1' },
    });
    const subject = msg.split('\n')[0]!;
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject).toMatch(/and \d+ more$/);
    expect(msg).toContain('Source-Commit: abc\n');
  });
});
