import { readFileSync } from 'node:fs';

/** Text → bytes in a single-byte legacy encoding, by inverting TextDecoder's table (no iconv needed). */
// The WHATWG windows-1252 bytes 0x80–0x9F; Node 20's own decoder gets these wrong (it does latin1).
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function encodeLegacy(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  if (decoder.encoding === 'windows-1252') for (let i = 0; i < 32; i++) table.set(CP1252_C1[i], 0x80 + i);
  return Uint8Array.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`${label} cannot encode ${JSON.stringify(ch)}`);
      return b;
    }),
  );
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url)));
}

export const fixtureText = (name: string) => new TextDecoder().decode(fixtureBytes(name));
