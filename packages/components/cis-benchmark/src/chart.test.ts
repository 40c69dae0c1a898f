import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chartAllowKinds,
  chartHostAccess,
  checkChart,
  checkObjects,
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
import cisBenchmark, { METRICS, SCAN_APPS, TRIVY_DB_EGRESS } from './index.ts';

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

const named = (cluster: string, kind: string, name: string) =>
  (objects.get(cluster) ?? [])
    .map((o) => o.manifest as Manifest)
    .find((m) => m.kind === kind && m.metadata.name === name)!;
/** The objects of one scanner (by its app.kubernetes.io/name label). */
const scanner = (cluster: string, app: string) =>
  (objects.get(cluster) ?? [])
    .map((o) => o.manifest as Manifest)
    .filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] === app);
/** Whether `args` holds `seq` in that order, next to each other. */
const hasRun = (args: string[], seq: string[]) => args.some((_, i) => seq.every((a, j) => args[i + j] === a));
const STRICT = ['agentic-prod-usw2', 'agentic-dr-use1'];

describe('trivy and kubeaudit in charts/cis-benchmark rendered with the real helm for every cluster', () => {
  it('runs trivy k8s daily at 07:00 UTC, after kube-bench: the HIGH and CRITICAL summary, then the full JSON report', () => {
    for (const c of CLUSTERS) {
      const cron = named(c, 'CronJob', 'trivy-scan');
      expect(cron.spec, c).toMatchObject({
        schedule: '0 7 * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { activeDeadlineSeconds: 5400 } },
      });
      const pod = cron.spec.jobTemplate.spec.template.spec;
      expect(pod.serviceAccountName).toBe('trivy-scan');
      expect(pod.initContainers.map((x: Manifest) => x.name)).toEqual(['summary']);
      expect(pod.containers.map((x: Manifest) => x.name)).toEqual(['report']);
      const [summary, report] = [pod.initContainers[0], pod.containers[0]];
      for (const x of [summary, report]) {
        expect(x.image).toBe('docker.io/aquasec/trivy:0.74.0');
        expect(x.args[0]).toBe('k8s');
        expect(hasRun(x.args, ['--severity', 'HIGH,CRITICAL']), c).toBe(true);
        // read-only: the node collector would create Jobs and a namespace
        expect(x.args).toContain('--disable-node-collector');
        expect(hasRun(x.args, ['--timeout', '40m'])).toBe(true);
        // nothing but the databases leaves the cluster
        expect(x.args).toEqual(
          expect.arrayContaining(['--offline-scan', '--skip-version-check', '--disable-telemetry']),
        );
      }
      expect(hasRun(summary.args, ['--report', 'summary'])).toBe(true);
      expect(summary.args).not.toContain('--format');
      expect(hasRun(report.args, ['--report', 'all', '--format', 'json'])).toBe(true);
      // the report reuses the databases the summary downloaded
      expect(report.args).toEqual(expect.arrayContaining(['--skip-db-update', '--skip-java-db-update']));
      expect(summary.args).not.toContain('--skip-db-update');
    }
  });

  it('pulls trivy DB from the default registries in order, and images only outside strict egress', () => {
    for (const c of CLUSTERS) {
      const args: string[] = named(c, 'CronJob', 'trivy-scan').spec.jobTemplate.spec.template.spec
        .initContainers[0].args;
      const after = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
      expect(after('--db-repository')).toEqual([
        'mirror.gcr.io/aquasec/trivy-db:2',
        'ghcr.io/aquasecurity/trivy-db:2',
      ]);
      expect(after('--java-db-repository')).toEqual([
        'mirror.gcr.io/aquasec/trivy-java-db:1',
        'ghcr.io/aquasecurity/trivy-java-db:1',
      ]);
      expect(after('--checks-bundle-repository')).toEqual(['mirror.gcr.io/aquasec/trivy-checks:2']);
      if (STRICT.includes(c)) {
        expect(args, c).toContain('--skip-images');
        expect(args, c).not.toContain('--image-src');
      } else {
        expect(hasRun(args, ['--image-src', 'remote']), c).toBe(true);
        expect(args, c).not.toContain('--skip-images');
      }
    }
  });

  it('takes an offline DB mirror and a summary-only run from the values', async () => {
    const v = structuredClone(values.get('agentic-prod-usw2')!.chart);
    v.trivy.dbRepositories = ['registry.internal.example.com:5000/mirror/trivy-db:2'];
    v.trivy.jsonReport = false;
    const cron = (await renderFor(v))
      .map((o) => o.manifest as Manifest)
      .find((m) => m.kind === 'CronJob' && m.metadata.name === 'trivy-scan')!;
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers.map((x: Manifest) => x.name)).toEqual(['summary']);
    const args: string[] = pod.containers[0].args;
    expect(args.filter((a) => a.includes('trivy-db'))).toEqual([
      'registry.internal.example.com:5000/mirror/trivy-db:2',
    ]);
    expect(hasRun(args, ['--report', 'summary'])).toBe(true);
  });

  it('runs kubeaudit all daily at 08:30 UTC for infrastructure and data-layer, one container each, JSON to the log', () => {
    for (const c of CLUSTERS) {
      const cron = named(c, 'CronJob', 'kubeaudit-scan');
      expect(cron.spec, c).toMatchObject({
        schedule: '30 8 * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { activeDeadlineSeconds: 900 } },
      });
      const pod = cron.spec.jobTemplate.spec.template.spec;
      expect(pod.serviceAccountName).toBe('kubeaudit-scan');
      expect(pod.containers.map((x: Manifest) => [x.name, x.image, x.args])).toEqual(
        ['infrastructure', 'data-layer'].map((ns) => [
          ns,
          'ghcr.io/shopify/kubeaudit:v0.22.1',
          ['all', '-n', ns, '--format', 'json', '--minseverity', 'info', '--exitcode', '0', '--no-color'],
        ]),
      );
    }
  });

  it('gives both scans read-only RBAC: get and list only, never Secrets, kubeaudit only where it audits', () => {
    for (const c of CLUSTERS) {
      const rbac = [...scanner(c, SCAN_APPS.trivy), ...scanner(c, SCAN_APPS.kubeaudit)];
      const roles = rbac.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role');
      expect(roles.map((r) => r.metadata.name).sort()).toEqual([
        'kubeaudit-scan',
        'kubeaudit-scan-namespaces',
        'trivy-scan',
      ]);
      for (const role of roles)
        for (const rule of role.rules) {
          expect(
            rule.verbs.filter((v: string) => !['get', 'list', 'watch'].includes(v)),
            role.metadata.name,
          ).toEqual([]);
          expect(rule.resources, role.metadata.name).not.toContain('secrets');
          expect(rule.resources, role.metadata.name).not.toContain('*');
          expect(rule.apiGroups, role.metadata.name).not.toContain('*');
        }
      // trivy reads workloads, RBAC and network policies cluster-wide
      expect(named(c, 'ClusterRoleBinding', 'trivy-scan')).toMatchObject({
        roleRef: { kind: 'ClusterRole', name: 'trivy-scan' },
        subjects: [{ kind: 'ServiceAccount', name: 'trivy-scan', namespace: 'cis-benchmark' }],
      });
      // kubeaudit: the workloads of its namespaces through a RoleBinding in each, and those namespaces
      const bindings = rbac.filter((m) => m.kind === 'RoleBinding');
      expect(bindings.map((b) => [b.metadata.namespace, b.roleRef.name, b.subjects[0].name])).toEqual([
        ['infrastructure', 'kubeaudit-scan', 'kubeaudit-scan'],
        ['data-layer', 'kubeaudit-scan', 'kubeaudit-scan'],
      ]);
      expect(rbac.filter((m) => m.kind === 'ClusterRoleBinding').map((b) => b.roleRef.name)).toEqual([
        'trivy-scan',
        'kubeaudit-scan-namespaces',
      ]);
      expect(named(c, 'ClusterRole', 'kubeaudit-scan-namespaces').rules).toEqual([
        {
          apiGroups: [''],
          resources: ['namespaces'],
          resourceNames: ['infrastructure', 'data-layer'],
          verbs: ['get'],
        },
      ]);
    }
  });

  it('runs trivy and kubeaudit restricted, as non-root with a read-only root filesystem, without a hostAccess entry', async () => {
    for (const c of CLUSTERS) {
      const crons = [named(c, 'CronJob', 'trivy-scan'), named(c, 'CronJob', 'kubeaudit-scan')];
      for (const cron of crons) {
        const pod = cron.spec.jobTemplate.spec.template.spec;
        expect(pod.hostPID, cron.metadata.name).toBeUndefined();
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const x of [...(pod.initContainers ?? []), ...pod.containers])
          expect(x.securityContext, `${cron.metadata.name} ${x.name}`).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
      }
      // the restricted Pod Security check of the harness, with no exemption
      expect(
        await checkObjects(
          crons.map((manifest) => ({ source: 'test', manifest })),
          { scenario: c, hostAccess: [] },
        ),
      ).toEqual([]);
    }
  });

  it('selects the rendered trivy pods with the egress allow of its databases', () => {
    const allow = cisBenchmark.egress!({} as never).find((e) => e.name === TRIVY_DB_EGRESS)!;
    for (const c of CLUSTERS) {
      const pod = named(c, 'CronJob', 'trivy-scan').spec.jobTemplate.spec.template;
      expect(allow.namespace).toBe(named(c, 'CronJob', 'trivy-scan').metadata.namespace);
      expect(pod.metadata.labels).toMatchObject(allow.podLabels!);
      expect(
        named(c, 'CronJob', 'kubeaudit-scan').spec.jobTemplate.spec.template.metadata.labels,
      ).not.toMatchObject(allow.podLabels!);
    }
  });

  it("renders only kinds and namespaces the component declares for the cluster's AppProject", () => {
    const declared = new Set(
      [...cisBenchmark.resources!.cluster, ...cisBenchmark.resources!.namespaced].map(
        (g) => `${g.group}/${g.kind}`,
      ),
    );
    for (const c of CLUSTERS) {
      const extra = cisBenchmark.resources!.extraNamespaces!(values.get(c)!, {} as never);
      for (const m of (objects.get(c) ?? []).map((o) => o.manifest as Manifest)) {
        const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
        expect(declared, `${m.kind} ${m.metadata.name}`).toContain(`${group}/${m.kind}`);
        if (m.metadata.namespace)
          expect([cisBenchmark.namespace, ...extra], `${m.kind} ${m.metadata.name}`).toContain(
            m.metadata.namespace,
          );
      }
      expect(extra).toEqual(['infrastructure', 'data-layer']);
    }
  });

  it('fails repeated kubeaudit namespaces, colliding schedules and a trivy deadline shorter than its scans through validate.yaml, all at once', async () => {
    const v = structuredClone(values.get('agentic-dev-usw2')!.chart);
    v.trivy.schedule = v.schedule;
    v.kubeaudit.schedule = v.schedule;
    v.trivy.activeDeadlineSeconds = 4800;
    v.kubeaudit.namespaces = ['infrastructure', 'infrastructure'];
    await expect(renderFor(v)).rejects.toThrow(
      /trivy\.schedule: must differ from kube-bench's schedule 0 6 \* \* \*[\s\S]*kubeaudit\.schedule: must differ[\s\S]*trivy\.activeDeadlineSeconds: must be more than 4800 \(2 scans of timeoutMinutes 40\), found 4800[\s\S]*kubeaudit\.namespaces: must not repeat a namespace/,
    );
  });
});
