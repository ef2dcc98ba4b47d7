import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto.ts';
import { entryKey, MAX_KEY_LENGTH } from '../../../src/core/ingest/entry-key.ts';

describe('sha256Hex', () => {
  it.each<[string, string]>([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('%j', async (input, hex) => {
    expect(sha256Hex(input)).toBe(hex);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', async () => {
    for (const s of ['ā č ē ģ', 'Коллекторы', '😀']) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('entryKey', () => {
  it.each<[string, Parameters<typeof entryKey>[0], string | RegExp]>([
    ['guid wins', { guid: 'abc', url: 'https://x.example/1', title: 't', text: 'x' }, 'guid:abc'],
    ['guid is trimmed', { guid: '  abc \n', url: null }, 'guid:abc'],
    ['repeated guid adds the URL', { guid: 'abc', url: 'https://x.example/1', guidRepeats: true }, 'guid+url:abc https://x.example/1'],
    ['repeated guid without URL', { guid: 'abc', url: null, guidRepeats: true }, 'guid+url:abc '],
    ['blank guid falls through to URL', { guid: '   ', url: 'https://x.example/1' }, 'url:https://x.example/1'],
    ['URL when no guid', { url: 'https://x.example/1', title: 't' }, 'url:https://x.example/1'],
    ['hash when nothing else', { title: 'Title', text: 'Body' }, /^hash:[0-9a-f]{64}$/],
    ['hash of empty', {}, /^hash:[0-9a-f]{64}$/],
  ])('%s', async (_name, parts, expected) => {
    const key = entryKey(parts);
    if (typeof expected === 'string') expect(key).toBe(expected);
    else expect(key).toMatch(expected);
  });

  it('hash keys separate title from text', async () => {
    expect(entryKey({ title: 'ab', text: 'c' })).not.toBe(entryKey({ title: 'a', text: 'bc' }));
    expect(entryKey({ title: 'a', text: 'b' })).toBe(entryKey({ title: 'a', text: 'b' }));
  });

  it('caps keys at 512 characters by hashing long values, keeping the kind', async () => {
    const long = 'g'.repeat(600);
    const key = entryKey({ guid: long });
    expect(key).toBe(`guid:sha256:${sha256Hex(long)}`);
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    const url = `https://x.example/${'p'.repeat(600)}`;
    expect(entryKey({ url })).toMatch(/^url:sha256:[0-9a-f]{64}$/);
    expect(entryKey({ guid: 'a'.repeat(507) })).toBe(`guid:${'a'.repeat(507)}`); // exactly 512
    expect(entryKey({ guid: 'a'.repeat(508) })).toMatch(/^guid:sha256:/);
  });
});
