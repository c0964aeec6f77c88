/** Levenshtein distance: the fewest single-character edits that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // One row of the table at a time: `row[j]` is the distance from a[0, i) to b[0, j).
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = i - 1;
    let left = i;
    const next = [left];
    for (const [j, up] of row.slice(1).entries()) {
      const cost = a[i - 1] === b[j] ? 0 : 1;
      left = Math.min(up + 1, left + 1, diagonal + cost);
      diagonal = up;
      next.push(left);
    }
    row = next;
    distance = left;
  }
  return distance;
}

/**
 * The candidate nearest to `name` by edit distance (case-insensitive), when it is near enough to be
 * a likely typo: at most a third of the name's length, and never more than 3 edits.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** `name (did you mean "x"?)`, or just `name` when nothing is near. */
export function withSuggestion(name: string, candidates: Iterable<string>, quote = (s: string) => s): string {
  const near = nearest(name, candidates);
  return near === undefined ? quote(name) : `${quote(name)} (did you mean ${quote(near)}?)`;
}
