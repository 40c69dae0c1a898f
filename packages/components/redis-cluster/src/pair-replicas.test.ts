import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './__fixtures__/processes.ts';
import { CHART_DIR } from './__fixtures__/rendered.ts';

/**
 * files/pair-replicas.awk, the placement bootstrap.sh runs, on layouts given as text: the
 * machine's awk here, busybox awk in the pod (the script keeps to POSIX awk).
 */
async function awk(vars: Record<string, string | number>, input: string) {
  const args = Object.entries(vars).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
  const script = join(CHART_DIR, 'files/pair-replicas.awk');
  const res = await run(
    'sh',
    ['-c', `printf '%s' "$INPUT" | awk ${args.map((a) => `'${a}'`).join(' ')} -f '${script}'`],
    { PATH: process.env.PATH ?? '/usr/bin:/bin', INPUT: input },
    10_000,
  );
  return { code: res.code, lines: res.stdout.trim().split('\n').filter(Boolean), stderr: res.stderr };
}

/** "M key zone" / "R key zone current" lines from compact specs. */
const pairsInput = (masters: string[], replicas: string[]) =>
  `${[...masters.map((m) => `M ${m}`), ...replicas.map((r) => `R ${r}`)].join('\n')}\n`;

/** The zone of every key in the input. */
function zonesOf(input: string) {
  return new Map(
    input
      .trim()
      .split('\n')
      .map((l) => [l.split(' ')[1]!, l.split(' ')[2]!]),
  );
}

describe('pair-replicas.awk: masters of a new cluster', () => {
  it('takes one pod per zone in turn, the largest zone first, each zone in pod order', async () => {
    const pods = '1 zone-a\n2 zone-b\n3 zone-c\n4 zone-a\n5 zone-b\n6 zone-c\n';
    expect((await awk({ mode: 'masters', masters: 3 }, pods)).lines).toEqual(['1', '2', '3']);
    const uneven = '1 zone-b\n2 zone-a\n3 zone-a\n4 zone-a\n5 zone-b\n6 zone-c\n';
    expect((await awk({ mode: 'masters', masters: 3 }, uneven)).lines).toEqual(['2', '1', '6']);
    const twoZones = '1 a\n2 a\n3 a\n4 b\n5 b\n6 b\n';
    expect((await awk({ mode: 'masters', masters: 3 }, twoZones)).lines).toEqual(['1', '4', '2']);
  });
});

describe('pair-replicas.awk: replicas', () => {
  it('puts every replica in another zone than its master when the pods alternate zones', async () => {
    const input = pairsInput(['1 a', '2 b', '3 c'], ['4 a -', '5 b -', '6 c -']);
    const res = await awk({ mode: 'pairs', cap: 1 }, input);
    expect(res.code).toBe(0);
    expect(res.lines).toEqual(['6 1', '4 2', '5 3']);
  });

  it('keeps a replica with its master when they are in different zones, and moves only the others', async () => {
    const valid = pairsInput(['1 a', '2 b', '3 c'], ['4 a 3', '5 b 1', '6 c 2']);
    expect((await awk({ mode: 'pairs', cap: 1 }, valid)).lines).toEqual(['5 1', '6 2', '4 3']);
    const oneBad = pairsInput(['1 a', '2 b', '3 c'], ['4 a 1', '5 b 3', '6 c 2']);
    const lines = (await awk({ mode: 'pairs', cap: 1 }, oneBad)).lines;
    const zones = zonesOf(oneBad);
    for (const l of lines) expect(zones.get(l.split(' ')[0]!)).not.toBe(zones.get(l.split(' ')[1]!));
    expect(lines).toHaveLength(3);
  });

  it('gives a master with two replicas one from each of the other zones', async () => {
    const input = pairsInput(['1 a', '4 b', '7 c'], ['2 a -', '3 a -', '5 b -', '6 b -', '8 c -', '9 c -']);
    const res = await awk({ mode: 'pairs', cap: 2 }, input);
    const zones = zonesOf(input);
    const byMaster = new Map<string, string[]>();
    for (const [r, m] of res.lines.map((l) => l.split(' ') as [string, string]))
      byMaster.set(m, [...(byMaster.get(m) ?? []), zones.get(r)!]);
    expect(Object.fromEntries([...byMaster].map(([m, z]) => [zones.get(m), z.sort()]))).toEqual({
      a: ['b', 'c'],
      b: ['a', 'c'],
      c: ['a', 'b'],
    });
  });

  it('places an added replica beside the existing ones without moving them', async () => {
    const input = pairsInput(['1 a', '2 b', '3 c'], ['4 a 2', '5 b 3', '6 c 1', '7 c -']);
    expect((await awk({ mode: 'pairs', cap: 2 }, input)).lines).toEqual(['6 1', '4 2', '7 2', '5 3']);
  });

  it('fails, naming the replicas it cannot place, when too many pods share a zone', async () => {
    const input = pairsInput(['1 a', '2 a', '3 b'], ['4 a -', '5 a -', '6 c -']);
    const res = await awk({ mode: 'pairs', cap: 1 }, input);
    expect(res.code).toBe(1);
    expect(res.lines).toEqual(['unplaced 5']);
  });
});
