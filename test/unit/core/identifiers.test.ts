import { describe, expect, it } from 'vitest';
import { identifierHasher, normaliseIdentifier, requireIdentifierHasher } from '../../../src/core/cases/identifiers.ts';

describe('normaliseIdentifier', () => {
  it.each<[Parameters<typeof normaliseIdentifier>[0], string, string | null, string | null]>([
    ['handle', '@Janis_Berzins', null, 'janis_berzins'],
    ['handle', '  @@Anna.K  ', null, 'anna.k'],
    ['handle', 'not a handle', null, null],
    ['email', ' Anna.K@Example.COM ', null, 'anna.k@example.com'],
    ['email', 'anna@', null, null],
    ['phone', '+371 2000 0000', null, '+37120000000'],
    ['phone', '0037120000000', null, '+37120000000'],
    ['phone', '070-123 45 67', 'SE', '+46701234567'],
    ['phone', '20000000', 'LV', '+37120000000'],
    ['phone', '20000000', null, null],
    ['phone', 'call me', 'LV', null],
  ])('%s %j (%s) → %j', (kind, raw, country, expected) => {
    expect(normaliseIdentifier(kind, raw, country)).toBe(expected);
  });
});

describe('identifierHasher', () => {
  it('is keyed: the same identifier hashes alike under one key, differently under another and per kind', async () => {
    const a = (await identifierHasher('k'.repeat(32)))!;
    const b = (await identifierHasher('z'.repeat(32)))!;
    const h = await a('handle', 'janis_berzins');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await a('handle', 'janis_berzins')).toBe(h);
    expect(await b('handle', 'janis_berzins')).not.toBe(h);
    expect(await a('email', 'janis_berzins')).not.toBe(h);
  });

  it('without a key there is no hasher, and storing identifiers says what to set', async () => {
    expect(await identifierHasher(undefined)).toBeNull();
    await expect(requireIdentifierHasher(undefined)).rejects.toThrow(/EARSHOT_SECRET_KEY/);
  });
});
