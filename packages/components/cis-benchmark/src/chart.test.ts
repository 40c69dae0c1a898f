import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chartAllowKinds,
  chartHostAccess,
  checkChart,
  type RenderedObject,
  renderUpstreamCharts,
} from '@platform/chart-harness';
import { CIS_COMPLIANCE_ALERTS } from '@platform/component-observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHART_DIR,
  CLUSTERS,
  computed,
  loadDefaultFleet,
  RELEASE,
  renderFor,
  valuesByCluster,
} from './__fixtures__/fleet.ts';
import cisBenchmark, { METRICS } from './index.ts';

type Manifest = Record<string, any>;
let objects: Map<string, RenderedObject[]>;
let values: Map<string, Record<string, any>>;
beforeAll(async () => {
  values = valuesByCluster(await loadDefaultFleet());
  const scenarios = CLUSTERS.map((name) => ({ name, values: values.get(name)!.chart, ...RELEASE }));
  const result = await checkChart(CHART_DIR, scenarios, {
    allowKinds: chartAllowKinds(CHART_DIR),
    hostAccess: chartHostAccess(CHART_DIR),
  });
  expect(result.findings).toEqual([]);
  objects = result.objects;
});

const find = (cluster: string, kind: string) =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as Manifest).find((m) => m.kind === kind)!;

describe('charts/cis-benchmark rendered with the real helm for every cluster', () => {
  it('runs kube-bench daily on worker nodes with the host PID namespace and read-only host paths', () => {
    for (const c of CLUSTERS) {
      const cron = find(c, 'CronJob');
      expect(cron.spec).toMatchObject({
        schedule: '0 6 * * *',
        concurrencyPolicy: 'Forbid',
        timeZone: 'Etc/UTC',
      });
      const pod = cron.spec.jobTemplate.spec.template.spec;
      expect(pod).toMatchObject({
        hostPID: true,
        serviceAccountName: 'kube-bench',
        nodeSelector: { 'node-pool': 'general' },
      });
      expect(pod.containers[0].image).toBe('docker.io/aquasec/kube-bench:v0.15.5');
      expect(pod.containers[0].volumeMounts.every((m: Manifest) => m.readOnly === true)).toBe(true);
      expect(Object.keys(pod.nodeSelector)).not.toContain('node-role.kubernetes.io/control-plane');
    }
  });

  it('is held to the restricted Pod Security Standard without its hostAccess entry (the exemption is needed)', async () => {
    const result = await checkChart(
      CHART_DIR,
      [{ name: 'prod', values: values.get('agentic-prod-usw2')!.chart, ...RELEASE }],
      { allowKinds: chartAllowKinds(CHART_DIR) },
    );
    expect(result.findings.map((f) => `${f.check} ${f.path}`)).toContain(
      'pod-security spec.jobTemplate.spec.template.spec.hostPID',
    );
  });

  it('fails control-plane node selection and a repeated target through validate.yaml, all at once', async () => {
    const v = structuredClone(values.get('agentic-dev-usw2')!.chart);
    v.nodeSelector = { 'node-role.kubernetes.io/control-plane': '' };
    v.targets = ['node', 'node'];
    await expect(renderFor(v)).rejects.toThrow(
      /nodeSelector\.node-role\.kubernetes\.io\/control-plane: must select worker nodes[\s\S]*targets: must not repeat a target/,
    );
  });
});

describe('the scan script pushes the gauges the observability CIS alerts read', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cis-scan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the rendered script with stand-ins for kube-bench and wget and pushes one gauge set per target', () => {
    const script = find('agentic-prod-usw2', 'ConfigMap').data['scan.sh'] as string;
    writeFileSync(join(dir, 'scan.sh'), script);
    // kube-bench's JSON: per-section totals first, the run's totals last
    const fake = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    fake(
      'kube-bench',
      `case "$*" in *"--targets node"*) f=3;; *) f=0;; esac
echo '{"Controls":[{"id":"3","total_pass":1,"total_fail":9,"total_warn":9}],"Totals":{"total_pass":12,"total_fail":'$f',"total_warn":2,"total_info":0}}'`,
    );
    fake(
      'wget',
      `for a in "$@"; do case "$a" in --post-file=*) cp "\${a#--post-file=}" "${dir}/pushed.prom";; http*) echo "$a" > "${dir}/url";; esac; done`,
    );
    execFileSync('sh', [join(dir, 'scan.sh')], {
      env: {
        PATH: `${dir}:/usr/bin:/bin`,
        BENCHMARK: 'eks-1.5.0',
        TARGETS: 'node,policies',
        PUSHGATEWAY_URL: 'http://prometheus-pushgateway.cis-benchmark.svc:9091',
        PUSHGATEWAY_JOB: 'kube-bench',
      },
    });
    expect(readFileSync(join(dir, 'url'), 'utf8').trim()).toBe(
      'http://prometheus-pushgateway.cis-benchmark.svc:9091/metrics/job/kube-bench',
    );
    const lines = readFileSync(join(dir, 'pushed.prom'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.filter((l) => !l.startsWith(METRICS.lastScan))).toEqual([
      'kubebench_checks_fail_total{target="node"} 3',
      'kubebench_checks_fail_total{target="policies"} 0',
      'kubebench_checks_pass_total{target="node"} 12',
      'kubebench_checks_pass_total{target="policies"} 12',
      'kubebench_checks_warn_total{target="node"} 2',
      'kubebench_checks_warn_total{target="policies"} 2',
    ]);
    expect(lines.find((l) => l.startsWith(METRICS.lastScan))).toMatch(
      /^kubebench_last_scan_timestamp \d{10}$/,
    );
  });

  it('uses the metric names of the CIS alert rules', () => {
    const used = new Set(
      [...JSON.stringify(CIS_COMPLIANCE_ALERTS).matchAll(/\bkubebench_[a-z_]+\b/g)].map((m) => m[0]),
    );
    expect(used.size).toBeGreaterThan(0);
    for (const metric of used) expect(Object.values(METRICS)).toContain(metric);
  });
});

describe('the upstream prometheus-pushgateway chart rendered with the generated values', () => {
  it('serves the URL kube-bench pushes to, labelled as Gatekeeper requires, and is scraped', async () => {
    for (const cc of computed(await loadDefaultFleet())) {
      const comp = cc.components.find((c) => c.definition.name === 'cis-benchmark')!;
      const rendered = await renderUpstreamCharts(
        cisBenchmark,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1'],
      );
      const objs = rendered.get('prometheus-pushgateway')!.map((o) => o.manifest as Manifest);
      const svc = objs.find((m) => m.kind === 'Service')!;
      const url = new URL(values.get(cc.context.cluster.name)!.chart.pushgateway.url);
      expect(`${svc.metadata.name}.${cisBenchmark.namespace}.svc:${svc.spec.ports[0].port}`).toBe(url.host);
      const deployment = objs.find((m) => m.kind === 'Deployment')!;
      expect(deployment.metadata.labels).toMatchObject({
        environment: cc.context.environment.name,
        layer: 'l00',
      });
      expect(objs.find((m) => m.kind === 'ServiceMonitor')!.metadata.namespace).toBe('cis-benchmark');
    }
  }, 60_000);
});
