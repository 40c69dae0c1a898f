/**
 * "Did you mean ...?" suggestions for typos in keys and names, based on the Levenshtein
 * (edit) distance between what was written and what is known.
 */

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions. */
export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The known name closest to `input` (case-insensitive), or `undefined` when none is close
 * enough to be a likely typo: at most 2 edits, or a third of the input's length when longer.
 * Ties go to the candidate listed first, so results are deterministic.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const d = levenshtein(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `Did you mean "x"?` for the closest candidate, or `undefined` when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const guess = closestMatch(input, candidates);
  return guess === undefined ? undefined : `Did you mean "${guess}"?`;
}

/** `{ hint }` to spread into an Issue when a suggestion exists, `{}` otherwise. */
export function didYouMeanHint(input: string, candidates: Iterable<string>): { hint?: string } {
  const hint = didYouMean(input, candidates);
  return hint === undefined ? {} : { hint };
}
