// Prefix look-up for lexicon stems ("piedzin*"): prefixes are bucketed by their first two characters, so a
// word checks only the handful that could start it instead of slicing itself at every length.

export class PrefixIndex<V> {
  private readonly buckets = new Map<string, { prefix: string; value: V }[]>();

  /** Prefixes shorter than two characters are not indexed (they would match nearly everything). */
  add(prefix: string, value: V): void {
    if (prefix.length < 2) throw new Error(`Prefix "${prefix}" is too short`);
    const key = prefix.slice(0, 2);
    const bucket = this.buckets.get(key) ?? [];
    bucket.push({ prefix, value });
    // Longest first, so the most specific stem wins ("nepal*" before "ne*").
    bucket.sort((a, b) => b.prefix.length - a.prefix.length);
    this.buckets.set(key, bucket);
  }

  /** The value of the longest prefix of `word` that is at least `minLength` long. */
  longest(word: string, minLength = 2): V | undefined {
    for (const { prefix, value } of this.buckets.get(word.slice(0, 2)) ?? []) {
      if (prefix.length >= minLength && word.startsWith(prefix)) return value;
    }
    return undefined;
  }

  /** Values of every prefix of `word`, longest first. */
  all(word: string): V[] {
    const bucket = this.buckets.get(word.slice(0, 2));
    if (!bucket) return [];
    const found: V[] = [];
    for (const { prefix, value } of bucket) if (word.startsWith(prefix)) found.push(value);
    return found;
  }
}
