// Fuzzy matching for the `/` command list: every typed character in order, closer and earlier
// matches first. (The `@` file finder asks opencode, which matches files its own way.)

/** A score (higher is better) or null when `query` is not a subsequence of `candidate`. */
export function fuzzyScore(query: string, candidate: string): number | null {
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  if (q === "") return 0;
  if (c.startsWith(q)) return 1000 - c.length;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = c.indexOf(ch, from);
    if (at === -1) return null;
    score += at === previous + 1 ? 10 : 1; // runs of adjacent characters count most
    if (at === 0 || "/-_. ".includes(c[at - 1] ?? "")) score += 5; // word starts next
    previous = at;
    from = at + 1;
  }
  return score - c.length / 100;
}

export function fuzzyFilter<T>(query: string, items: T[], key: (item: T) => string, limit = 20): T[] {
  return items
    .flatMap((item) => {
      const score = fuzzyScore(query, key(item));
      return score === null ? [] : [{ item, score }];
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((x) => x.item);
}
