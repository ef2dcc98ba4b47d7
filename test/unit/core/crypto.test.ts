import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexSync } from '../../../src/core/crypto.ts';

describe('sha256HexSync', () => {
  it('gives the same digest as WebCrypto, so stored content hashes do not change', async () => {
    for (const text of ['', 'abc', 'Lumera soitti 9 kertaa — ŽANIS 🙂', 'x'.repeat(100_000)]) {
      expect(sha256HexSync(text)).toBe(await sha256Hex(text));
    }
    // The published test vector for "abc".
    expect(sha256HexSync('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
