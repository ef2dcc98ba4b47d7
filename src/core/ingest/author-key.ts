// The one form an author is compared in for erasure: stored with each mention (`mentions.author_key`) and computed
// the same way from what a person asks to erase, so "@ŽANIS_Ķ", "žanis_ķ" and the same name typed with combining
// accents are one author, and so are display names such as "Kim V" and "KIM  V". Diacritics are kept: "Žanis" and
// "Zanis" are two people.

/**
 * Unicode full case folding (CaseFolding.txt, C + F), in the NFC form. Lower-, upper- then lower-casing each
 * character on its own gives the folds that plain lower-casing misses (ẞ and ß → ss, ſ → s, ﬁ → fi, ϐ → β, ᾳ → αι,
 * and ς → σ, as no final-sigma rule applies to a lone character). Dotless ı is the one character it would merge with
 * another (i), so it is kept, as case folding keeps it.
 */
export function foldCase(s: string): string {
  let out = '';
  for (const c of s.normalize('NFC')) out += c === 'ı' ? c : c.toLowerCase().toUpperCase().toLowerCase();
  return out.normalize('NFC');
}

/** An author's key: folded, without a leading "@", runs of white space as one space; null when nothing is left. */
export function authorKey(author: string | null | undefined): string | null {
  if (!author) return null;
  const key = foldCase(author).trim().replace(/^@+/, '').replace(/\s+/gu, ' ').trim();
  return key || null;
}
