import { describe, expect, it } from 'vitest';
import { buildTopics, clearlyDifferent, linkBase, maskIdentifiers, rateChanges, shorten, type RateFigures } from '../../../src/core/digest/build-digest.ts';
import { DIGEST_LANGUAGES, STRINGS, plural } from '../../../src/core/digest/strings.ts';
import { TACTICS } from '../../../db/schema/constants.ts';
import { rateInterval } from '../../../src/core/cases/rates.ts';

const TOKENS = { caseRef: '[case]', email: '[e-mail]', phone: '[phone]' };

describe('maskIdentifiers', () => {
  it.each([
    ['my case 40512377 again', ['40512377'], 'my case [case] again'],
    ['lieta Nr. LV-4051 2377, lūdzu', ['40512377'], 'lieta Nr. [case], lūdzu'],
    ['ärende 4051-2377.', ['40512377'], 'ärende [case].'],
    ['дело № 61-448102 и 61448102', ['61448102'], 'дело № [case] и [case]'],
    ['write to anna.k+debt@mail.example.se now', [], 'write to [e-mail] now'],
    ['call +46 70 123 45 67 or 070-1234567', [], 'call [phone] or [phone]'],
    ['tel. (371) 2612-3456', [], 'tel. [phone]'],
    ['personas kods 120389-12345', [], 'personas kods [phone]'],
    ['on 2026-11-18 they called', [], 'on 2026-11-18 they called'],
    ['on 18.11.2026 they called', [], 'on 18.11.2026 they called'],
    ['they want 1500 EUR, 3 times', [], 'they want 1500 EUR, 3 times'],
    ['nothing to hide', ['12'], 'nothing to hide'],
  ])('%j → %j', (text, refs, expected) => {
    expect(maskIdentifiers(text, refs, TOKENS)).toBe(expected);
  });
});

describe('shorten', () => {
  it('keeps short text on one line and cuts long text at a word with an ellipsis', () => {
    expect(shorten('  a\n b  ', 10)).toBe('a b');
    expect(shorten('one two three four five', 15)).toBe('one two three…');
    expect(shorten('ąčęėįšųūž '.repeat(30), 20)).toBe('ąčęėįšųūž ąčęėįšųūž…');
    expect(Array.from(shorten('😀'.repeat(300), 200))).toHaveLength(201);
  });
});

describe('topics and movers', () => {
  it('ranks by this week, lists movers of at least two, clear changes first', () => {
    const t = buildTopics(
      new Map([
        ['contact_frequency', 30],
        ['fees_amount', 3],
        ['threat_legal', 1],
        ['reachability', 12],
      ]),
      new Map([
        ['contact_frequency', 10],
        ['threat_legal', 5],
        ['reachability', 10],
      ]),
      { current: 40, previous: 20 },
    )!;
    expect(t.top.map((x) => x.tactic)).toEqual(['contact_frequency', 'reachability', 'fees_amount', 'threat_legal']);
    // 30 vs 10: Clopper–Pearson for 30/40 is [0.588, 0.873] → clear. 1 vs 5 and 3 vs 0 are not; 12 vs 10 moved too little.
    expect(t.movers.map((x) => [x.tactic, x.change, x.clear, x.few])).toEqual([
      ['contact_frequency', 20, true, false],
      ['threat_legal', -4, false, false],
      ['fees_amount', 3, false, true],
    ]);
    expect(buildTopics(new Map(), new Map(), { current: 0, previous: 0 })).toBeUndefined();
  });

  it.each([
    [0, 0, false],
    [5, 1, false],
    [10, 0, true],
    [30, 10, true],
    [12, 10, false],
    [0, 9, true],
  ])('%i against %i is clearly different: %s', (a, b, clear) => {
    expect(clearlyDifferent(a, b)).toBe(clear);
  });
});

describe('rate changes', () => {
  const fig = (complaints: number, cases: number): RateFigures => ({ cases, complaints, rate: rateInterval(complaints, cases), small: complaints < 5 });
  it('keeps changes whose rate ratio is clear of 1 with enough complaints, largest first; drops the rest', () => {
    const changes = rateChanges([
      // 40 → 10 per 1,000: a ratio of 0.25, clear: down.
      { dimension: 'action_type', group: { key: 'call', current: fig(10, 1000), previous: fig(40, 1000) } },
      // 20 → 25 per 1,000: a ratio of 1.25 within the uncertainty: left out.
      { dimension: 'action_type', group: { key: 'letter', current: fig(25, 1000), previous: fig(20, 1000) } },
      // 13 → 28 per 1,000: the two intervals overlap, but the ratio (2.15) is clear of 1: up.
      { dimension: 'channel', group: { key: 'sms', current: fig(28, 1000), previous: fig(13, 1000) } },
      // 1 → 3 complaints: too few to be worth a line, whatever the ratio.
      { dimension: 'channel', group: { key: 'email', current: fig(3, 100), previous: fig(1, 100) } },
      // New this period: nothing to compare.
      { dimension: 'team', group: { key: 'Riga B', current: fig(30, 100), previous: null } },
    ]);
    expect(changes.map((c) => [c.key, c.direction])).toEqual([
      ['call', 'down'],
      ['sms', 'up'],
    ]);
  });
});

describe('strings', () => {
  it('has every chrome language with a word for every tactic', () => {
    for (const lang of DIGEST_LANGUAGES) {
      for (const t of TACTICS) expect(STRINGS[lang].tactics[t], `${lang} ${t}`).toBeTruthy();
    }
  });

  it.each([
    ['en', 1, '1 complaint'],
    ['en', 2, '2 complaints'],
    ['lv', 1, '1 sūdzība'],
    ['lv', 21, '21 sūdzība'],
    ['lv', 11, '11 sūdzību'],
    ['lv', 20, '20 sūdzību'],
    ['lv', 3, '3 sūdzības'],
    ['sv', 1, '1 klagomål'],
    ['sv', 1000, '1\u00a0000 klagomål'],
  ] as const)('%s: %i → %s', (lang, n, text) => {
    expect(plural(lang, STRINGS[lang].rates.complaintsN, n)).toBe(text);
  });
});

describe('links', () => {
  it.each([
    ['https://earshot.example/dashboard/', 'https://earshot.example/dashboard'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['javascript:alert(1)', null],
    ['data:text/html,x', null],
    ['not a url', null],
    [null, null],
  ])('base URL %j → %j', (input, out) => {
    expect(linkBase(input)).toBe(out);
  });
});
