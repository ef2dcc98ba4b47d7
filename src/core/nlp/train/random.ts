// Seeded shuffling for training: the same seed gives the same order, so a model is rebuilt bit for bit.
import { mulberry32 } from '../../random.ts';

/** A permutation of 0..n-1. */
export function seededShuffle(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rnd = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
