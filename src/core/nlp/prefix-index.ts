// Prefix look-up for lexicon stems and cue words ("piedzin*"): prefixes are bucketed by their first three
// characters (two-letter ones apart), so a word checks only the few that could start it — thousands of cues per
// language stay cheap — instead of slicing itself at every length.

interface Entry<V> {
  prefix: string;
  value: V;
}

export class PrefixIndex<V> {
  private readonly byThree = new Map<string, Entry<V>[]>();
  private readonly byTwo = new Map<string, Entry<V>[]>();

  /** Prefixes shorter than two characters are not indexed (they would match nearly everything). */
  add(prefix: string, value: V): void {
    if (prefix.length < 2) throw new Error(`Prefix "${prefix}" is too short`);
    const map = prefix.length >= 3 ? this.byThree : this.byTwo;
    const key = prefix.slice(0, Math.min(3, prefix.length));
    const bucket = map.get(key) ?? [];
    // Longest first, so the most specific stem wins ("nepal*" before "nep*"); equal lengths keep their order.
    let at = bucket.length;
    while (at > 0 && bucket[at - 1]!.prefix.length < prefix.length) at--;
    bucket.splice(at, 0, { prefix, value });
    map.set(key, bucket);
  }

  /** The value of the longest prefix of `word` that is at least `minLength` long. */
  longest(word: string, minLength = 2): V | undefined {
    if (word.length >= 3) {
      for (const { prefix, value } of this.byThree.get(word.slice(0, 3)) ?? []) {
        if (prefix.length >= minLength && word.startsWith(prefix)) return value;
      }
    }
    if (minLength <= 2) return this.byTwo.get(word.slice(0, 2))?.[0]?.value;
    return undefined;
  }

  /** Values of every prefix of `word`, longest first. */
  all(word: string): V[] {
    const found: V[] = [];
    if (word.length >= 3) for (const { prefix, value } of this.byThree.get(word.slice(0, 3)) ?? []) if (word.startsWith(prefix)) found.push(value);
    for (const { value } of this.byTwo.get(word.slice(0, 2)) ?? []) found.push(value);
    return found;
  }
}
