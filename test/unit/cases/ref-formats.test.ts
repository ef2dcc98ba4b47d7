import { describe, expect, it } from 'vitest';
import { compileRefFormat, refFormatError, refKey } from '../../../src/core/cases/ref-formats.ts';

describe('reference format masks', () => {
  it.each([
    ['LV-########', null],
    ['EL/AA-####', null],
    ['****-##', null],
    ['\\A\\#-####', null],
    ['', 'format: must not be empty or start or end with spaces'],
    [' LV-####', 'format: must not be empty or start or end with spaces'],
    ['LV-' + '#'.repeat(38), 'format: at most 40 characters'],
    ['LV-###', 'format: needs at least 4 positions ("#" a digit, "A" a letter, "*" a letter or digit), e.g. "LV-########"'],
    ['LVXX-12', 'format: needs at least 4 positions ("#" a digit, "A" a letter, "*" a letter or digit), e.g. "LV-########"'],
    ['AAAA-AAAA', 'format: needs at least one "#" (references are found by their digits)'],
    ['LV-####\\', 'format: a "\\" must be followed by the character it makes literal'],
    ['LV\\-####', 'format: "\\-": "\\" only goes before a letter, a digit, "#" or "*"'],
    ['LV-####\u0000', 'format: control characters are not allowed'],
  ])('%j → %j', (mask, error) => {
    expect(refFormatError(mask)).toBe(error);
  });

  it('compiles "#", "A", "*", literals and separators (one of any kind, or none), case-insensitively', () => {
    const f = compileRefFormat('LV-########');
    expect(f.fits('LV-40512377')).toBe(true);
    expect(f.fits('lv 40512377')).toBe(true);
    expect(f.fits('LV40512377')).toBe(true);
    expect(f.fits('LV–40512377')).toBe(true); // en dash
    expect(f.fits('LV--40512377')).toBe(false);
    expect(f.fits('LV-4051237')).toBe(false);
    expect(f.fits('LT-40512377')).toBe(false);
    expect(f.fits('40512377')).toBe(false);
    expect(compileRefFormat('AA-####').fits('xy-1234')).toBe(true);
    expect(compileRefFormat('AA-####').fits('x1-1234')).toBe(false);
    expect(compileRefFormat('**-####').fits('x1-1234')).toBe(true);
    expect(compileRefFormat('\\A\\#-####').fits('a#-1234')).toBe(true);
    expect(compileRefFormat('\\A\\#-####').fits('A1-1234')).toBe(false);
    expect(compileRefFormat('\\*-####').fits('*1234')).toBe(true);
    expect(compileRefFormat('\\A9-####').fits('a9-1234')).toBe(true);
  });

  it('finds references anywhere in a text, whole words only', () => {
    const f = compileRefFormat('LV-########');
    expect(f.find('Lumera keeps calling about LV-40512377, and lv 61448102 too.')).toEqual(['LV-40512377', 'lv 61448102']);
    expect(f.find('XLV-40512377 or LV-405123771 or LV-40512377X')).toEqual([]);
    expect(f.find('(LV-40512377)')).toEqual(['LV-40512377']);
  });

  it('says which masks may be searched for without a cue word', () => {
    expect(compileRefFormat('LV-########').distinctive).toBe(true);
    expect(compileRefFormat('AA####').distinctive).toBe(true);
    expect(compileRefFormat('####-####').distinctive).toBe(false);
    expect(compileRefFormat('****####').distinctive).toBe(false);
  });

  it('caches the compiled mask', () => {
    expect(compileRefFormat('LV-########')).toBe(compileRefFormat('LV-########'));
    expect(() => compileRefFormat('##')).toThrow(/at least 4 positions/);
  });

  it('stays linear on hostile text and hostile masks', () => {
    const masks = ['#-#-#-#-#-#-#-#-#-#-#-#-#-#-#-#-#-#-#-#', '*'.repeat(39) + '#', 'A/-.A- /#.-/#_:#-*-*', 'LV-########'];
    const texts = ['1-'.repeat(50_000) + '!', 'a'.repeat(100_000), '1'.repeat(100_000), 'a-/. '.repeat(20_000) + 'x', 'LV-4051237 '.repeat(10_000)];
    const t0 = performance.now();
    for (const m of masks) for (const t of texts) compileRefFormat(m).find(t);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('compares references by their letters and digits, upper-case', () => {
    expect(refKey('lv 4051-2377')).toBe('LV40512377');
    expect(refKey('LV-40512377')).toBe(refKey('LV40512377'));
  });
});
