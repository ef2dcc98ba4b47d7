import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { CredentialError, MASK, maskSecrets, openSecrets, sealSecrets, secretBox } from '../../../src/core/secrets.ts';

const KEY = 'k'.repeat(32);
const FIELDS = ['api_key', 'headers'];

describe('source credentials at rest', () => {
  it('seals only the secret fields, opens them back, and never stores them in clear', async () => {
    const box = await secretBox(KEY);
    const sealed = await sealSecrets({ query: 'Lumera', api_key: 'abc123', headers: { 'x-key': 'q' } }, FIELDS, box);
    expect(sealed.query).toBe('Lumera');
    expect(sealed.api_key).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(sealed)).not.toMatch(/abc123|x-key/);
    expect(await openSecrets(sealed, FIELDS, box)).toEqual({ query: 'Lumera', api_key: 'abc123', headers: { 'x-key': 'q' } });
  });

  it('seals the same value differently each time (random IV)', async () => {
    const box = await secretBox(KEY);
    expect(await box.seal('same')).not.toBe(await box.seal('same'));
  });

  it('a masked or missing credential keeps the stored one; a new one replaces it', async () => {
    const box = await secretBox(KEY);
    const stored = await sealSecrets({ api_key: 'old' }, FIELDS, box);
    expect(await sealSecrets({ api_key: MASK }, FIELDS, box, stored)).toEqual(stored);
    expect(await sealSecrets({}, FIELDS, box, stored)).toEqual(stored);
    const replaced = await sealSecrets({ api_key: 'new' }, FIELDS, box, stored);
    expect(await openSecrets(replaced, FIELDS, box)).toEqual({ api_key: 'new' });
  });

  it('shows set credentials as a mask and nothing else', () => {
    expect(maskSecrets({ query: 'q', api_key: 'sealed:v1:x:y', headers: null }, FIELDS)).toEqual({ query: 'q', api_key: MASK, headers: null });
  });

  it('without a key, credentials cannot be saved, and stored ones cannot be opened: both say why', async () => {
    const err = await sealSecrets({ api_key: 'x' }, FIELDS, null).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toMatch(/EARSHOT_SECRET_KEY/);
    const stored = await sealSecrets({ api_key: 'x' }, FIELDS, await secretBox(KEY));
    await expect(openSecrets(stored, FIELDS, null)).rejects.toThrow(CredentialError);
  });

  it('a changed key cannot open old credentials and says to enter them again', async () => {
    const stored = await sealSecrets({ api_key: 'x' }, FIELDS, await secretBox(KEY));
    await expect(openSecrets(stored, FIELDS, await secretBox('z'.repeat(32)))).rejects.toThrow(/enter the credential again/);
  });
});
