/** Edit distance between two strings (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `word` within `maxDistance` edits (case differences count as one
 * edit less, so `EndpointSelector` suggests `endpointSelector`), or undefined.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  maxDistance = 2,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const exactCase = levenshtein(word, candidate);
    const distance = Math.min(exactCase, levenshtein(word.toLowerCase(), candidate.toLowerCase()));
    if (distance <= maxDistance && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

/**
 * `unknown field "replica"; did you mean "replicas"? ...`: the message for a field the schema
 * does not declare, listing the allowed fields when there are few enough to read.
 */
export function unknownFieldMessage(field: string, known: readonly string[]): string {
  const allowed = known.length > 0 && known.length <= 16 ? ` (allowed here: ${known.join(', ')})` : '';
  return (
    `unknown field "${field}"${didYouMean(field, known)}${allowed}; ` +
    'strict field validation (kubectl --validate=strict) rejects it: remove or rename it'
  );
}
