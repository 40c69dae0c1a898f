/**
 * Small helpers to write Mermaid flowcharts that GitHub's renderer and mermaid-cli both accept.
 * Labels are always quoted, so ids never show; ids get a prefix so a component called `end`
 * or `graph` cannot collide with a Mermaid keyword.
 */

/** A Mermaid node id from any name (`argo-cd` -> `c_argo_cd`). */
export function mermaidId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Label text inside `["..."]`: quotes and the characters HTML labels would read as markup become
 * Mermaid entity codes; each line is escaped on its own and the lines joined with `<br/>`.
 */
export function mermaidLabel(...lines: string[]): string {
  const esc = (s: string) =>
    s.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${lines.map(esc).join('<br/>')}"`;
}

/** A fenced Mermaid block for Markdown. */
export function mermaidBlock(lines: readonly string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n');
}
