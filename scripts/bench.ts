#!/usr/bin/env tsx
/**
 * `pnpm bench [--json] [--sizes 10,100,1000] [--runs 3]`: generation speed and memory at fleet
 * scale. For each size it builds a synthetic fleet (real components and environment profiles;
 * clusters spread over environments and synthetic regions, unique names and CIDRs), then
 * measures in fresh processes: `gen:gitops --out` wall time (min/median), publishing into a fresh
 * repository and a no-op re-publish, peak RSS, files and bytes written; and the floor on the
 * same machine: starting Node and writing the same files and bytes with no generation. These
 * runs pass --no-render: they measure the generator itself.
 *
 * Hydration (`--hydrate default,10,100`): `gen:gitops --render` with an empty render cache (cold)
 * and again with nothing changed (warm), with the number of helm renders done and served from
 * the cache; for the default fleet also the same renders one at a time (RENDER_CONCURRENCY=1),
 * whose sum divided by the number of cores is the floor a parallel cold render is held to.
 * A script, not a test: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The command as users run it: the launcher of the bundled CLI (apps/cli/bin/gen-gitops.mjs).
const node = process.execPath;
const cli = join(root, 'apps/cli/bin/gen-gitops.mjs');
const ENVS = ['development', 'staging', 'production'] as const;

/** A /20 inside 10.0.0.0/8 for index k (4096 of them: three per cluster, up to 1365 clusters). */
function cidr(k: number): string {
  return `10.${k >> 4}.${(k & 15) << 4}.0/20`;
}

function letters(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** Writes a synthetic inventory with `n` clusters; returns its directory. */
export function syntheticFleet(n: number, dir: string): string {
  const inv = join(dir, 'gitops');
  cpSync(join(root, 'gitops/environments'), join(inv, 'environments'), { recursive: true });
  mkdirSync(join(inv, 'clusters'), { recursive: true });
  const regionCount = Math.ceil(n / ENVS.length);
  const regions = Array.from({ length: regionCount }, (_, r) => `zz-bench${letters(r)}-1`);
  writeFileSync(
    join(inv, 'fleet.yaml'),
    [
      'gitops:',
      '  repoURL: https://git.example.com/platform/gitops.git',
      'regions:',
      ...regions.flatMap((name, r) => [
        `  - name: ${name}`,
        `    shortName: b${String(r).padStart(3, '0')}`,
        `    vaultAddress: https://vault.${name}.example.com:8200`,
        `    dnsZone: ${name}.example.com`,
      ]),
      '',
    ].join('\n'),
  );
  // Each synthetic cluster is a copy of the default fleet's cluster file of its environment
  // (so new required fields reach the bench by themselves) with its own name, region and CIDRs.
  const templates = new Map<string, Record<string, unknown>>();
  for (const f of readdirSync(join(root, 'gitops/clusters')).sort()) {
    const doc = parse(readFileSync(join(root, 'gitops/clusters', f), 'utf8')) as Record<string, unknown>;
    if (doc.role === 'primary' && !templates.has(String(doc.environment)))
      templates.set(String(doc.environment), doc);
  }
  for (let i = 0; i < n; i++) {
    const env = ENVS[i % ENVS.length]!;
    const region = regions[Math.floor(i / ENVS.length)]!;
    const name = `bench-${env.slice(0, 4)}-${i}`;
    const template = templates.get(env);
    if (!template) throw new Error(`gitops/clusters has no primary cluster of ${env} to copy`);
    const cluster = {
      ...structuredClone(template),
      name,
      region,
      // Cilium allows 127 cluster IDs in ENI mode: clusters connect in meshes of at most 100
      clusterMesh: `mesh-${Math.floor(i / 100)}`,
      clusterId: (i % 100) + 1,
      apiServerEndpoint: `https://${name}.example.com`,
      network: {
        vpcCidr: cidr(3 * i),
        podCidr: cidr(3 * i + 1),
        serviceCidr: cidr(3 * i + 2),
        vpcId: `vpc-${i.toString(16).padStart(17, '0')}`,
      },
    };
    writeFileSync(join(inv, 'clusters', `${name}.yaml`), stringify(cluster));
  }
  return inv;
}

interface Run {
  ms: number;
  rssMb: number;
  stdout: string;
  /** Phase timings the command reports with GEN_GITOPS_TIMINGS=1. */
  phases: Record<string, number>;
}

/** Runs a command in a fresh process under GNU time for its peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const start = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${res.stderr}\n${res.stdout.slice(0, 3000)}`);
  const lines = res.stderr.trim().split('\n');
  const kb = Number(lines.at(-1));
  const timing = lines.find((l) => l.startsWith('timings: '));
  const phases = timing ? (JSON.parse(timing.slice('timings: '.length)) as Record<string, number>) : {};
  return { ms, rssMb: kb / 1024, stdout: res.stdout, phases };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

/** The floor: a fresh Node process writing `files` files of the same total size. */
const FLOOR_SCRIPT = `
const fs = require('node:fs'); const path = require('node:path');
const [dir, files, bytes] = process.argv.slice(1); const n = Number(files); const size = Math.ceil(Number(bytes) / n);
const body = 'x'.repeat(size);
for (let i = 0; i < n; i++) { const d = path.join(dir, 'd' + (i % 100)); fs.mkdirSync(d, { recursive: true }); fs.writeFileSync(path.join(d, i + '.yaml'), body); }
`;

function measure(n: number, runs: number) {
  const work = mkdtempSync(join(tmpdir(), `bench-${n}-`));
  try {
    const inv = syntheticFleet(n, work);
    const gens: Run[] = [];
    let files = 0;
    let bytes = 0;
    for (let r = 0; r < runs; r++) {
      const out = join(work, `out-${r}`);
      const run = timed(node, [cli, '--inventory', inv, '--out', out, '--json', '--quiet', '--no-render']);
      gens.push(run);
      files = (JSON.parse(run.stdout) as { files: number }).files;
      bytes = Number(
        spawnSync('du', ['-sb', '--exclude=.gen-gitops-files', out], { encoding: 'utf8' }).stdout.split(
          '\t',
        )[0],
      );
    }
    const floors: number[] = [];
    for (let r = 0; r < runs; r++) {
      const out = join(work, `floor-${r}`);
      floors.push(timed(process.execPath, ['-e', FLOOR_SCRIPT, out, String(files), String(bytes)]).ms);
    }
    const repo = join(work, 'repo');
    const env = { GEN_GITOPS_WORKDIR: join(work, 'cache'), GEN_GITOPS_TIMINGS: '1' };
    const publish = timed(
      node,
      [cli, '--inventory', inv, '--repo', repo, '--init', '--quiet', '--no-render'],
      env,
    );
    const noop = timed(node, [cli, '--inventory', inv, '--repo', repo, '--quiet', '--no-render'], env);
    if (!/nothing to commit/.test(noop.stdout)) throw new Error('the re-publish was expected to be a no-op');
    const gen = gens.map((g) => g.ms);
    return {
      clusters: n,
      generateMs: { min: round(Math.min(...gen)), median: round(median(gen)) },
      floorMs: { min: round(Math.min(...floors)), median: round(median(floors)) },
      ratioToFloor: round(median(gen) / median(floors)),
      publishMs: round(publish.phases.publishMs ?? Number.NaN),
      noopPublishMs: round(noop.phases.publishMs ?? Number.NaN),
      publishWallMs: round(publish.ms),
      noopPublishWallMs: round(noop.ms),
      peakRssMb: round(Math.max(...gens.map((g) => g.rssMb), publish.rssMb)),
      files,
      bytes,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One `gen:gitops --render` run: wall time and the render statistics it reports. */
function renderRun(inv: string, out: string, env: NodeJS.ProcessEnv) {
  const run = timed(node, [cli, '--inventory', inv, '--render', out, '--json', '--quiet'], env);
  const r = JSON.parse(run.stdout) as { renders: number; cached: number; sources: number; ok: boolean };
  return { ms: round(run.ms), renders: r.renders, cached: r.cached, sources: r.sources, checksOk: r.ok };
}

/** Cold and warm hydration of the default fleet (`default`) or a synthetic fleet of n clusters. */
function measureHydration(size: string) {
  const work = mkdtempSync(join(tmpdir(), `bench-hydrate-${size}-`));
  try {
    const inv = size === 'default' ? join(root, 'gitops') : syntheticFleet(Number(size), work);
    const env = (cache: string, extra: NodeJS.ProcessEnv = {}) => ({
      RENDER_CACHE: join(work, cache),
      ...extra,
    });
    const cold = renderRun(inv, join(work, 'out-cold'), env('cache'));
    const warm = renderRun(inv, join(work, 'out-warm'), env('cache'));
    const serial =
      size === 'default'
        ? renderRun(inv, join(work, 'out-serial'), env('cache-serial', { RENDER_CONCURRENCY: '1' }))
        : undefined;
    const cores = availableParallelism();
    return {
      fleet: size,
      cold,
      warm,
      ...(serial
        ? {
            serialMs: serial.ms,
            floorMs: round(serial.ms / cores),
            coldToFloor: round(cold.ms / (serial.ms / cores)),
          }
        : {}),
      cores,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) of a command line and its children, from bash's `times`. */
function cpuSeconds(commandLine: string): number {
  const res = spawnSync('bash', ['-c', `${commandLine} >/dev/null 2>&1 || exit 97; times`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`${commandLine} failed (exit ${res.status})`);
  // second line: the children's user and system time, as "0m1.234s 0m0.123s"
  const children = res.stdout.trim().split('\n').at(-1)!.split(' ');
  return children.reduce((sum, t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return sum + (m ? Number(m[1]) * 60 + Number(m[2]) : 0);
  }, 0);
}

/**
 * The everyday command: `pnpm -s gen:gitops --out <dir> --no-render` for the default fleet, in CPU
 * seconds, against `pnpm -s exec node -e 0` measured alternately in the same run (medians).
 */
function measureEveryday(runs: number) {
  const work = mkdtempSync(join(tmpdir(), 'bench-everyday-'));
  try {
    cpuSeconds(`node ${cli} --version`); // builds the bundle when it is stale, outside the measure
    const gen: number[] = [];
    const floor: number[] = [];
    for (let r = 0; r < runs; r++) {
      gen.push(cpuSeconds(`pnpm -s gen:gitops --out ${join(work, `out-${r}`)} --no-render`));
      floor.push(cpuSeconds('pnpm -s exec node -e 0'));
    }
    return {
      genCpuS: round(median(gen) * 100) / 100,
      floorCpuS: round(median(floor) * 100) / 100,
      ratio: round((median(gen) / median(floor)) * 100) / 100,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '10,100,1000' },
      runs: { type: 'string', default: '3' },
      hydrate: { type: 'string', default: 'default,10' },
    },
  });
  const hydrateSizes = values.hydrate ? values.hydrate.split(',').filter(Boolean) : [];
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  if (!values.json) process.stderr.write('bench: the everyday command...\n');
  const everyday = measureEveryday(Math.max(runs, 5));
  const results = [];
  for (const n of sizes) {
    if (!values.json) process.stderr.write(`bench: ${n} clusters...\n`);
    results.push(measure(n, runs));
  }
  const hydration = [];
  for (const h of hydrateSizes) {
    if (!values.json)
      process.stderr.write(
        `bench: hydration of ${h === 'default' ? 'the default fleet' : `${h} clusters`}...\n`,
      );
    hydration.push(measureHydration(h));
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ commit, runs, everyday, sizes: results, hydration }, null, 2)}\n`,
    );
    return;
  }
  const header = [
    'clusters',
    'gen min ms',
    'gen median ms',
    'floor ms',
    'x floor',
    'publish ms',
    'no-op publish ms',
    'peak RSS MB',
    'files',
    'MB',
  ];
  const rows = results.map((r) => [
    r.clusters,
    r.generateMs.min,
    r.generateMs.median,
    r.floorMs.median,
    r.ratioToFloor,
    r.publishMs,
    r.noopPublishMs,
    r.peakRssMb,
    r.files,
    round(r.bytes / 1e6),
  ]);
  console.log(
    `everyday command (default fleet, --out, CPU seconds, medians): ${everyday.genCpuS} s; pnpm -s exec node -e 0: ${everyday.floorCpuS} s; ratio ${everyday.ratio}\n`,
  );
  const table = [header, ...rows].map((row) => `| ${row.join(' | ')} |`);
  table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  console.log(table.join('\n'));
  if (hydration.length > 0) {
    const h = [
      'fleet',
      'cold ms',
      'renders',
      'warm ms',
      'warm renders / cached',
      'serial ms',
      'floor ms (serial / cores)',
      'cold / floor',
    ];
    const hr = hydration.map((x) => [
      x.fleet,
      x.cold.ms,
      x.cold.renders,
      x.warm.ms,
      `${x.warm.renders} / ${x.warm.cached}`,
      x.serialMs ?? '',
      x.floorMs ?? '',
      x.coldToFloor ?? '',
    ]);
    const t = [h, ...hr].map((row) => `| ${row.join(' | ')} |`);
    t.splice(1, 0, `|${h.map(() => '---').join('|')}|`);
    console.log(`\n${t.join('\n')}`);
  }
  const last = results.at(-1);
  const prev = results.at(-2);
  if (last && prev)
    console.log(
      `\ntime(${last.clusters}) / time(${prev.clusters}) = ${round(last.generateMs.median / prev.generateMs.median)}`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
