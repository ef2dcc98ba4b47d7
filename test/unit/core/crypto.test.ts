import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto.ts';

const webCrypto = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) => b.toString(16).padStart(2, '0')).join('');

describe('sha256Hex', () => {
  it('gives the same digest as WebCrypto, so stored content hashes do not change', async () => {
    for (const text of ['', 'abc', 'Lumera soitti 9 kertaa — ŽANIS 🙂', 'x'.repeat(100_000)]) {
      expect(sha256Hex(text)).toBe(await webCrypto(text));
    }
    // The published test vector for "abc".
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
