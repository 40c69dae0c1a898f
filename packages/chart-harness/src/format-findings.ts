import type { Finding } from './types.ts';

/**
 * Human-readable findings grouped by scenario, one line each:
 * `[check] object: path: message`.
 */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const byScenario = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byScenario.get(finding.scenario) ?? [];
    group.push(finding);
    byScenario.set(finding.scenario, group);
  }
  const lines = [`${findings.length} finding(s) in ${byScenario.size} scenario(s):`];
  for (const [scenario, group] of byScenario) {
    lines.push('', `scenario ${scenario}:`);
    for (const f of group)
      lines.push(`  [${f.check}] ${f.object}: ${f.path ? `${f.path}: ` : ''}${f.message}`);
  }
  return lines.join('\n');
}
