import { describe, expect, it } from 'vitest';
import { findCaseRefs } from '../../../src/core/nlp/case-refs.ts';

describe('findCaseRefs', () => {
  it.each([
    ['Please look at case 40512377 again', '40512377'],
    ['Ärende 40512377 är fortfarande öppet', '40512377'],
    ['Mana lieta Nr. 40512377 joprojām nav atrisināta', '40512377'],
    ['Sprawa nr 4051/23/77 ciągnie się od roku', '40512377'],
    ['Дело № 40-512377 до сих пор не закрыто', '40512377'],
    ['Viitenumero 40512377, maksoin jo', '40512377'],
    ['ref: 4051-2377', '40512377'],
    ['Sagsnr. 4051 2377 er stadig åben', '40512377'],
    ['My case number is 40512377.', '40512377'],
    ['bylos Nr. 771-20934', '77120934'],
    ['Toimik nr 72540019', '72540019'],
    // A collector's prefix in capitals is part of the reference; the reference is its digits.
    ['Lumera wrote about case LV-40512377 again', '40512377'],
    ['Ärende SE-7731-0042 är fortfarande öppet', '77310042'],
    ['Case no. EL61448102 is closed', '61448102'],
  ])('finds the reference in %s', (text, ref) => {
    const found = findCaseRefs(text);
    expect(found.map((r) => r.ref)).toEqual([ref]);
    const [r] = found;
    expect(text.slice(r.start, r.end).replace(/\D/g, '')).toBe(ref);
  });

  it.each([
    ['my case lv-40512377 (a lower-case word is not a prefix)'],
    ['case ABCDE-40512377 (five letters are a code, not a prefix)'],
    ['call me on 0701234567 any time'],
    ['tel. nr 0701 234 567'],
    ['mitt telefonnummer är 0701234567'],
    ['I was charged 40512377 kr by mistake'],
    ['ref 4051237 kr'],
    ['the case opened on 2024-03-15'],
    ['reference 15/03/2024'],
    ['case 12345'],
    ['konto nr 12345678901234567890'],
    ['lieta 123456,50 eiro'],
  ])('ignores phone numbers, amounts and dates: %s', (text) => {
    expect(findCaseRefs(text)).toEqual([]);
  });
});
