// FNV-1a over UTF-16 code units: the feature hash. Plain integer arithmetic, so Node and Workers (and the trainer
// and the analyser) agree on every bucket.

export const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step: mixes one code unit into the running hash. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193) >>> 0;
}

/** Hash of `s` continued from `h` (pass a namespace's hash to keep feature kinds apart). */
export function fnv(s: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Final avalanche (murmur3's fmix32): FNV's low bits are weak for short keys, and the bucket is taken from the
 * low bits and the sign from the top one.
 */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
