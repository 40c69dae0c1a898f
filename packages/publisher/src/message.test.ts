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
    expect(subject).toMatch(/and \d+ more clusters$/);
    expect(msg).toContain('Source-Commit: abc\n');
  });
});

describe('buildCommitMessage subject', () => {
  it('drops the component lists when they do not fit and names as many clusters as fit', () => {
    const comps = [
      'argo-cd',
      'cert-manager',
      'cilium',
      'external-secrets',
      'gatekeeper',
      'platform-baseline',
    ];
    const added = ['agentic-dev-usw2', 'agentic-dr-use1', 'agentic-prod-usw2', 'agentic-stg-usw2'].flatMap(
      (c) => comps.map((x) => `clusters/${c}/components/${x}/values.yaml`),
    );
    const subject = buildCommitMessage({
      changes: { added, changed: [], removed: [] },
      describe: describePath,
      sourceCommit: 'abc',
      dirty: false,
      generator: { name: 'g', version: '1' },
    }).split('\n')[0]!;
    expect(subject).toBe('gen-gitops: update agentic-dev-usw2, agentic-dr-use1 and 2 more clusters');
  });
});

describe('buildCommitMessage: first commit and charts', () => {
  const kinded = (p: string) => {
    const c = /^clusters\/([^/]+)\/components\/([^/]+)\//.exec(p);
    if (c) return { group: `${c[1]}/${c[2]}`, kind: 'cluster' as const };
    const ch = /^charts\/([^/]+)\//.exec(p);
    if (ch) return { group: ch[1]!, kind: 'chart' as const };
    return { group: 'shared', kind: 'shared' as const };
  };
  const clusters = ['a-dev', 'a-stg', 'a-prod', 'a-dr'].map((c) => `clusters/${c}/components/cilium/v.yaml`);
  const charts = Array.from({ length: 12 }, (_, i) => `charts/chart-${i}/Chart.yaml`);
  const base = {
    describe: kinded,
    sourceCommit: 'abc',
    dirty: false,
    generator: { name: 'g', version: '1' },
  };

  it('says "initial" for the first commit and counts clusters and charts apart', () => {
    const msg = buildCommitMessage({
      ...base,
      initial: true,
      changes: { added: [...clusters, ...charts, 'README.md'], changed: [], removed: [] },
    });
    expect(msg.split('\n')[0]).toBe('gen-gitops: initial (4 clusters, 12 charts)');
  });

  it('never counts charts as clusters when the subject is summarised', () => {
    const subject = buildCommitMessage({
      ...base,
      changes: { added: [], changed: [...clusters, ...charts], removed: [] },
    }).split('\n')[0]!;
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject).toBe('gen-gitops: update a-dev, a-dr, a-prod, a-stg; 12 charts');
  });
});

describe('buildCommitMessage: promotion', () => {
  const base = {
    describe: describePath,
    sourceCommit: 'abc',
    dirty: false,
    generator: { name: 'g', version: '1' },
  };

  it('names the branch and commit promoted from, in the subject and a Promoted-From trailer', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const msg = buildCommitMessage({
      ...base,
      changes: { added: [], changed: ['clusters/stg/components/cilium/values.yaml'], removed: [] },
      promotion: { from: 'dev', commit: sha, to: 'staging' },
    });
    expect(msg.split('\n')[0]).toBe('gen-gitops: promote dev@0123456789ab to staging');
    expect(msg).toContain(`Promotes dev at ${sha} to staging`);
    expect(msg).toContain('  M clusters/stg/components/cilium/values.yaml');
    expect(msg.trimEnd().split('\n').at(-1)).toBe(`Promoted-From: dev@${sha}`);
  });

  it('says a skipped promotion at the end of a subject that keeps within 72 characters', () => {
    const added = Array.from(
      { length: 30 },
      (_, i) => `clusters/cluster-number-${i}/components/cilium/values.yaml`,
    );
    const msg = buildCommitMessage({
      ...base,
      changes: { added, changed: [], removed: [] },
      promotion: { skipped: true },
    });
    const subject = msg.split('\n')[0]!;
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject).toBe('gen-gitops: update 30 clusters [promotion skipped]');
    expect(msg).toMatch(/^Promotion: skipped$/m);
  });
});
