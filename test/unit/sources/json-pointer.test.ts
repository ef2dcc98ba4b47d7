import { describe, expect, it } from 'vitest';
import { isPointer, parsePointer, resolvePointer } from '../../../src/sources/generic-json.ts';

// The example document of RFC 6901 §5, and what each of its pointers must find.
const rfcDoc = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('JSON pointer (RFC 6901)', () => {
  it('resolves every example of the RFC', () => {
    expect(resolvePointer(rfcDoc, '')).toBe(rfcDoc);
    expect(resolvePointer(rfcDoc, '/foo')).toEqual(['bar', 'baz']);
    expect(resolvePointer(rfcDoc, '/foo/0')).toBe('bar');
    expect(resolvePointer(rfcDoc, '/')).toBe(0);
    expect(resolvePointer(rfcDoc, '/a~1b')).toBe(1);
    expect(resolvePointer(rfcDoc, '/c%d')).toBe(2);
    expect(resolvePointer(rfcDoc, '/e^f')).toBe(3);
    expect(resolvePointer(rfcDoc, '/g|h')).toBe(4);
    expect(resolvePointer(rfcDoc, '/i\\j')).toBe(5);
    expect(resolvePointer(rfcDoc, '/k"l')).toBe(6);
    expect(resolvePointer(rfcDoc, '/ ')).toBe(7);
    expect(resolvePointer(rfcDoc, '/m~0n')).toBe(8);
  });

  it('unescapes ~1 before ~0, so "~01" is the characters "~1"', () => {
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(parsePointer('/~10')).toEqual(['/0']);
    expect(parsePointer('/a~0~1b/c')).toEqual(['a~/b', 'c']);
    expect(resolvePointer({ '~1': 'tilde-one', '/': 'slash' }, '/~01')).toBe('tilde-one');
    expect(resolvePointer({ '~1': 'tilde-one', '/': 'slash' }, '/~1')).toBe('slash');
  });

  it('walks nested objects and arrays', () => {
    const doc = { data: { posts: [{ id: 7, user: { name: 'Lumera fan' } }, { id: 8 }] } };
    expect(resolvePointer(doc, '/data/posts/0/user/name')).toBe('Lumera fan');
    expect(resolvePointer(doc, '/data/posts/1/id')).toBe(8);
    expect(resolvePointer(['a', 'b'], '/1')).toBe('b');
    // Tokens already parsed give the same answer.
    expect(resolvePointer(doc, ['data', 'posts', '1', 'id'])).toBe(8);
  });

  it('finds nothing for missing keys, bad indexes and prototype properties', () => {
    const doc = { list: ['x', 'y'], obj: { a: null } };
    expect(resolvePointer(doc, '/missing')).toBeUndefined();
    expect(resolvePointer(doc, '/list/2')).toBeUndefined();
    expect(resolvePointer(doc, '/list/-')).toBeUndefined();
    expect(resolvePointer(doc, '/list/01')).toBeUndefined();
    expect(resolvePointer(doc, '/list/1.0')).toBeUndefined();
    expect(resolvePointer(doc, '/list/length')).toBeUndefined();
    expect(resolvePointer(doc, '/obj/a')).toBeNull();
    expect(resolvePointer(doc, '/obj/a/b')).toBeUndefined();
    expect(resolvePointer(doc, '/obj/toString')).toBeUndefined();
    expect(resolvePointer(doc, '/constructor')).toBeUndefined();
    expect(resolvePointer(doc, '/__proto__')).toBeUndefined();
    expect(resolvePointer('text', '/0')).toBeUndefined();
    // A key that JSON itself defines is an own property and is found.
    expect(resolvePointer(JSON.parse('{"__proto__":{"x":1}}'), '/__proto__/x')).toBe(1);
  });

  it('treats an object key made of digits as a key', () => {
    expect(resolvePointer({ '0': 'zero', '01': 'zero-one' }, '/01')).toBe('zero-one');
    expect(resolvePointer({ '0': 'zero' }, '/0')).toBe('zero');
  });

  it('rejects what is not a pointer', () => {
    expect(isPointer('')).toBe(true);
    expect(isPointer('/')).toBe(true);
    expect(isPointer('/data/posts')).toBe(true);
    expect(isPointer('data/posts')).toBe(false);
    expect(isPointer('#/data')).toBe(false);
    expect(isPointer('/a~2b')).toBe(false);
    expect(isPointer('/a~')).toBe(false);
    expect(() => parsePointer('/bad~')).toThrow(/~/);
    expect(() => parsePointer('nope')).toThrow(/starts with "\/"/);
    expect(() => resolvePointer({}, 'nope')).toThrow();
  });
});
