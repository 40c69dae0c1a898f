import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateHelm } from '@platform/chart-harness';
import { type Issue, ValidationError } from '@platform/errors';
import {
  cachedChartPath,
  chartCacheDir,
  type RenderedFleet,
  renderCacheDir,
  renderFleet,
} from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
// the command's own pipeline up to the GitOps tree: the same inventory, components and files
import { generate } from '../../../apps/cli/src/generate.ts';
import { type CiliumPolicy, type FlowEndpoint, type FlowPeer, flowVerdict } from './cilium-flows.ts';
import { FLEET_CHECKS, runFleetChecks } from './index.ts';
import { findWorkspaceRoot } from './workspace.ts';

const root = findWorkspaceRoot() as string;
let fleet: RenderedFleet;
let issues: Issue[];
/** Render failures per cluster (Argo CD cannot sync those Applications at all). */
const renderFailures: Issue[] = [];

beforeAll(async () => {
  const charts = chartCacheDir(root);
  if (!existsSync(cachedChartPath(charts, 'cilium', '1.20.0'))) {
    throw new Error(
      `the pinned upstream charts are not in ${charts}: run "pnpm charts:pull" (see the README)`,
    );
  }
  const gen = await generate({ root, inventoryDir: join(root, 'gitops') });
  // one cluster at a time, so a cluster whose render fails does not hide the others' findings
  const clusters: RenderedFleet['clusters'] = [];
  for (const computed of gen.clusters) {
    try {
      const { rendered } = await renderFleet({
        files: gen.files,
        clusters: [computed],
        fleet: gen.fleet.settings,
        helmBin: locateHelm(),
        chartCacheDir: charts,
        renderCacheDir: renderCacheDir(root),
      });
      clusters.push(...rendered.clusters);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      renderFailures.push(...error.issues);
    }
  }
  fleet = { fleet: gen.fleet.settings, clusters, files: gen.files };
  issues = runFleetChecks(fleet, FLEET_CHECKS);
}, 900_000);

/** `code cluster component object path` of every issue, for readable assertions. */
const lines = () => issues.map((i) => [i.code, i.cluster, i.component, i.object, i.path].join(' '));

describe('the fleet checks on the default fleet, rendered as Argo CD will', () => {
  it('renders every cluster', () => {
    expect(renderFailures).toEqual([]);
    expect(fleet.clusters.map((c) => c.cluster).sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
  });

  // Each of these was found on the default fleet and fixed in its component; the unit tests of
  // each check show it fails on such objects.
  it('finds nothing: no reserved PriorityClass, unresolvable URL, oversized CRD, PDB with both fields or untolerated taint', () => {
    expect(lines()).toEqual([]);
  });
});

describe('what may leave the strict production cluster, on its rendered Cilium policies', () => {
  let policies: CiliumPolicy[];
  beforeAll(() => {
    const prod = fleet.clusters.find((c) => c.cluster === 'agentic-prod-usw2');
    const source = prod?.sources.find((s) => s.component === 'cilium' && s.source === 'config');
    policies = (source?.objects ?? [])
      .filter((o) => o.kind === 'CiliumClusterwideNetworkPolicy')
      .map((o) => o as unknown as CiliumPolicy);
  });
  const pod = (namespace: string, labels: Record<string, string> = {}, tier = 'platform'): FlowEndpoint => ({
    namespace,
    nsLabels: { tier },
    labels,
  });
  const name = (n: string) => ({ 'app.kubernetes.io/name': n });
  const sa = (n: string) => ({ 'io.cilium.k8s.policy.serviceaccount': n });
  const https = (fqdn: string): FlowPeer => ({ fqdn, port: 443 });
  const agentIdentity: FlowPeer = { ip: '169.254.170.23', port: 80 };

  it.each([
    [
      'External Secrets -> Vault :8200',
      pod('external-secrets'),
      { fqdn: 'vault.us-west-2.example.com', port: 8200 },
      'allowed',
    ],
    [
      'External Secrets -> Secrets Manager',
      pod('external-secrets'),
      https('secretsmanager.us-west-2.amazonaws.com'),
      'allowed',
    ],
    ['cert-manager -> ACME', pod('cert-manager'), https('acme-v02.api.letsencrypt.org'), 'allowed'],
    ['cert-manager -> Route53', pod('cert-manager'), https('route53.amazonaws.com'), 'allowed'],
    [
      'cert-manager (its service account) -> Pod Identity agent',
      pod('cert-manager', sa('cert-manager')),
      agentIdentity,
      'allowed',
    ],
    [
      'cert-manager webhook -> Pod Identity agent',
      pod('cert-manager', sa('cert-manager-webhook')),
      agentIdentity,
      'denied',
    ],
    [
      'Loki -> its bucket on S3',
      pod('monitoring', name('loki')),
      https('chunks.s3.us-west-2.amazonaws.com'),
      'allowed',
    ],
    [
      'Loki -> S3 in another region',
      pod('monitoring', name('loki')),
      https('s3.eu-west-1.amazonaws.com'),
      'denied',
    ],
    ['Tempo -> S3', pod('monitoring', name('tempo')), https('s3.us-west-2.amazonaws.com'), 'allowed'],
    ['Alertmanager -> Slack', pod('monitoring', name('alertmanager')), https('hooks.slack.com'), 'allowed'],
    [
      'Alertmanager -> PagerDuty',
      pod('monitoring', name('alertmanager')),
      https('events.pagerduty.com'),
      'allowed',
    ],
    ['Grafana -> Slack', pod('monitoring', name('grafana')), https('hooks.slack.com'), 'denied'],
    [
      'OpenCost -> AWS pricing',
      pod('infrastructure', name('opencost')),
      https('api.pricing.us-east-1.amazonaws.com'),
      'allowed',
    ],
    [
      'Redis -> AWS pricing',
      pod('infrastructure', name('redis')),
      https('api.pricing.us-east-1.amazonaws.com'),
      'denied',
    ],
    [
      'Velero -> its backup bucket',
      pod('velero', name('velero')),
      https('backups.s3.us-west-2.amazonaws.com'),
      'allowed',
    ],
    [
      'Velero -> EC2 (EBS snapshots)',
      pod('velero', name('velero')),
      https('ec2.us-west-2.amazonaws.com'),
      'allowed',
    ],
    [
      'Velero (its service account) -> Pod Identity agent',
      pod('velero', sa('velero')),
      agentIdentity,
      'allowed',
    ],
    ['Velero -> the internet', pod('velero', name('velero')), https('example.com'), 'denied'],
    [
      'model gateway -> Anthropic',
      pod('model-gateway', { app: 'model-gateway' }, 'application'),
      https('api.anthropic.com'),
      'allowed',
    ],
    [
      'model gateway -> Bedrock in a region',
      pod('model-gateway', { app: 'model-gateway' }, 'application'),
      https('bedrock-runtime.us-west-2.amazonaws.com'),
      'allowed',
    ],
    [
      'model gateway -> Azure OpenAI',
      pod('model-gateway', { app: 'model-gateway' }, 'application'),
      https('team.openai.azure.com'),
      'allowed',
    ],
    [
      'another model-gateway pod -> Anthropic',
      pod('model-gateway', { app: 'cache' }, 'application'),
      https('api.anthropic.com'),
      'denied',
    ],
    [
      'an agent pool -> Anthropic',
      pod('agent-pool-default', { app: 'agent' }, 'agent'),
      https('api.anthropic.com'),
      'denied',
    ],
    ['Keda -> the internet', pod('keda', name('keda-operator')), https('example.com'), 'denied'],
    [
      'trivy -> its databases on mirror.gcr.io',
      pod('cis-benchmark', name('trivy')),
      https('mirror.gcr.io'),
      'allowed',
    ],
    [
      'trivy -> the ghcr.io fallback blobs',
      pod('cis-benchmark', name('trivy')),
      https('pkg-containers.githubusercontent.com'),
      'allowed',
    ],
    [
      'trivy -> an image registry (no image scans in strict mode)',
      pod('cis-benchmark', name('trivy')),
      https('quay.io'),
      'denied',
    ],
    ['kubeaudit -> ghcr.io', pod('cis-benchmark', name('kubeaudit')), https('ghcr.io'), 'denied'],
  ] as [string, FlowEndpoint, FlowPeer, string][])('%s: %s', (_name, ep, peer, expected) => {
    expect(policies.length).toBeGreaterThan(0);
    expect(flowVerdict(policies, ep, peer, 'egress')).toBe(expected);
  });
});
