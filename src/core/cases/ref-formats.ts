// A creditor's case-reference format, as a credit manager writes it: a mask, not a regular expression (a
// user-supplied pattern could take exponential time on hostile text). "#" is a digit, "A" a letter (A–Z), "*" a
// letter or digit, "\" makes the next "#", "*" or letter literal; any other letter or digit is literal, and any other
// character (such as "-", "/", ".", a space) is a separator. Letters compare case-insensitively. A separator in the
// mask matches one separator of any kind, or none ("LV-########" finds "LV-40512377", "lv 40512377" and
// "LV40512377"); a run of separators counts as one.
//
// The mask compiles to a regular expression made of single-character classes and, between them, at most one
// optional separator class that never overlaps them: every character of the text has one way to match, so a scan
// is linear in the text whatever the mask or the text.

/** The longest mask accepted. */
export const MAX_FORMAT_LENGTH = 40;
/** The fewest "#", "A" and "*" positions a mask must have. */
export const MIN_FORMAT_POSITIONS = 4;

const SEPARATOR_CLASS = '[-\\u2010-\\u2015/._: ]';
const isAlnum = (c: string) => /^[\p{L}\p{N}]$/u.test(c);

type Atom = { kind: 'digit' | 'letter' | 'alnum' } | { kind: 'literal'; char: string } | { kind: 'separator'; text: string };

function parseMask(mask: string): Atom[] | string {
  const atoms: Atom[] = [];
  for (let i = 0; i < mask.length; i++) {
    let c = mask[i]!;
    if (c === '\\') {
      c = mask[++i] ?? '';
      if (!c) return 'a "\\" must be followed by the character it makes literal';
      if (!isAlnum(c) && c !== '#' && c !== '*') return `"\\${c}": "\\" only goes before a letter, a digit, "#" or "*"`;
      atoms.push({ kind: 'literal', char: c });
    } else if (c === '#') atoms.push({ kind: 'digit' });
    else if (c === 'A') atoms.push({ kind: 'letter' });
    else if (c === '*') atoms.push({ kind: 'alnum' });
    else if (isAlnum(c)) atoms.push({ kind: 'literal', char: c });
    else if (/[\p{Cc}\p{Cf}]/u.test(c)) return 'control characters are not allowed';
    else {
      const last = atoms[atoms.length - 1];
      if (last?.kind === 'separator') last.text += c;
      else atoms.push({ kind: 'separator', text: c });
    }
  }
  return atoms;
}

/** Why a mask cannot be used, in words for the person who wrote it; null when it can. */
export function refFormatError(mask: string): string | null {
  if (mask.trim() !== mask || mask.length === 0) return 'format: must not be empty or start or end with spaces';
  if (mask.length > MAX_FORMAT_LENGTH) return `format: at most ${MAX_FORMAT_LENGTH} characters`;
  const atoms = parseMask(mask);
  if (typeof atoms === 'string') return `format: ${atoms}`;
  const positions = atoms.filter((a) => a.kind === 'digit' || a.kind === 'letter' || a.kind === 'alnum').length;
  if (positions < MIN_FORMAT_POSITIONS) {
    return `format: needs at least ${MIN_FORMAT_POSITIONS} positions ("#" a digit, "A" a letter, "*" a letter or digit), e.g. "LV-########"`;
  }
  if (!atoms.some((a) => a.kind === 'digit')) return 'format: needs at least one "#" (references are found by their digits)';
  return null;
}

export interface RefFormat {
  mask: string;
  /**
   * True when the mask has something a plain number lacks (a literal letter or digit, or a letter position), so
   * scanning text for it without a cue word is safe. "########" or "####-####" would take any phone number or
   * amount of that length; such masks only judge the references the analyser found after a cue word.
   */
  distinctive: boolean;
  /** Every reference in the text that fits the mask, as written. */
  find(text: string): string[];
  /** True when the whole string fits the mask. */
  fits(written: string): boolean;
}

function atomSource(a: Atom): string {
  switch (a.kind) {
    case 'digit':
      return '[0-9]';
    case 'letter':
      return '[A-Z]';
    case 'alnum':
      return '[A-Z0-9]';
    case 'literal':
      return a.char === '*' ? '\\*' : a.char; // a letter, a digit or "#": none special in a pattern
    case 'separator':
      return `${SEPARATOR_CLASS}?`;
  }
}

const cache = new Map<string, RefFormat>();

/** The compiled mask (cached per mask); throws on a mask refFormatError refuses. */
export function compileRefFormat(mask: string): RefFormat {
  const cached = cache.get(mask);
  if (cached) return cached;
  const error = refFormatError(mask);
  if (error) throw new Error(error);
  const atoms = parseMask(mask) as Atom[];
  // Separators at either end would only widen what is taken as the reference.
  while (atoms[0]?.kind === 'separator') atoms.shift();
  while (atoms[atoms.length - 1]?.kind === 'separator') atoms.pop();
  const body = atoms.map(atomSource).join('');
  const edge = '(?<![\\p{L}\\p{N}])';
  const after = '(?![\\p{L}\\p{N}])';
  const scan = new RegExp(`${edge}${body}${after}`, 'giu');
  const whole = new RegExp(`^${body}$`, 'iu');
  const format: RefFormat = {
    mask,
    distinctive: atoms.some((a) => a.kind === 'literal' || a.kind === 'letter'),
    find: (text) => Array.from(text.matchAll(scan), (m) => m[0]),
    fits: (written) => whole.test(written.trim()),
  };
  if (cache.size > 1000) cache.clear();
  cache.set(mask, format);
  return format;
}

/** A reference compared across the ways it is written: letters and digits only, upper-case ("lv 4051-2377" → "LV40512377"). */
export const refKey = (ref: string) => ref.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();

/** The digits of a reference, as cases.ref_digits holds them. */
export const refDigits = (ref: string) => ref.replace(/\D/g, '');
