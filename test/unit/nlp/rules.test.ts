import { describe, expect, it } from 'vitest';
import { CHANNELS, ESCALATIONS, PAYER_STANCES, TACTICS, VULNERABILITIES, type Language } from '../../../db/schema/constants.ts';
import { RULE_FILES } from '../../../src/core/nlp/lexicon-data.ts';
import { compilePattern, PatternSet } from '../../../src/core/nlp/matcher.ts';
import { matchRules } from '../../../src/core/nlp/rules.ts';
import { tokenize } from '../../../src/core/nlp/tokenize.ts';

/** The cue labels that fire on a text, per field (the model's rule-hit features). */
function cues(text: string, lang: Language) {
  const hits = matchRules(tokenize(text), text, [lang]);
  const of = (field: string) => [...new Set(hits.filter((h) => h.field === field).map((h) => h.label))];
  return {
    tactics: of('tactics'),
    channel: of('channel'),
    vulnerability: of('vulnerability'),
    escalation: of('escalation'),
    payer_stance: of('payer_stance'),
    relevant: of('relevant'),
  };
}

interface Expect {
  tactics?: string[];
  channel?: string[];
  vulnerability?: string[];
  escalation?: string[];
  payer_stance?: string;
  /** Labels that must NOT fire. */
  not?: string[];
}

// Own example sentences; each lists the cues that must fire (others may fire too unless in `not`).
const CASES: [Language, string, Expect][] = [
  [
    'en',
    'They rang me 6 times today and twice after 10pm. I asked them to stop calling and they carried on.',
    { tactics: ['contact_frequency', 'contact_time', 'ignored_stop_request'], channel: ['phone'] },
  ],
  ['en', 'The agent shouted at me and said the bailiffs would take my car by Friday.', { tactics: ['abusive_conduct', 'threat_legal'] }],
  ['en', 'They phoned my employer about the debt. I have reported them to the FCA.', { tactics: ['third_party_contact'], channel: ['phone'], escalation: ['regulator'] }],
  ['en', 'This is not my debt, I already paid it and now they keep adding fees.', { tactics: ['debt_not_owed', 'fees_amount'] }],
  ['en', 'I never received a letter about this debt and now there is a default on my credit file.', { tactics: ['insufficient_info', 'credit_record'], not: ['letter'] }],
  ['en', 'The caller pretended to be from the police. My solicitor is taking them to court.', { tactics: ['false_representation'], escalation: ['legal'] }],
  [
    'en',
    'Sarah was really patient and set up a payment plan. I want to pay but cannot pay it all at once.',
    { tactics: ['agent_helpful', 'payment_plan'], payer_stance: 'willing_unable' },
  ],
  ['en', 'Been on hold for 45 minutes with the collectors and nobody answers my emails.', { tactics: ['reachability'], channel: ['phone', 'email'] }],
  [
    'en',
    'I lost my job after my divorce, I have no savings and I am being treated for depression. The debt is growing.',
    { vulnerability: ['life_event', 'resilience', 'health'] },
  ],
  ['en', "I'm 18 and I don't understand what this debt letter means.", { vulnerability: ['capability'], channel: ['letter'] }],
  ['en', "I won't pay a penny to these debt collectors until they prove it.", { payer_stance: 'unwilling' }],
  ['en', 'Paid the debt in full through their online portal, easy.', { payer_stance: 'willing_able', channel: ['portal'] }],
  ['en', 'The collector sent someone to my door, messaged me on Facebook and texted me too.', { channel: ['in_person', 'social', 'sms'] }],
  ['en', 'Debt collectors harassing my family again. Going to the newspapers with this.', { escalation: ['media'] }],
  ['sv', 'Inkassobolaget ringer hela tiden, 12 samtal igår och ett kl 23:15.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['sv', 'Handläggaren var otrevlig och hotade med Kronofogden.', { tactics: ['abusive_conduct', 'threat_legal'] }],
  ['sv', 'Skulden är redan betald men de skickade brev till min arbetsgivare.', { tactics: ['debt_not_owed', 'third_party_contact'], channel: ['letter'] }],
  ['sv', 'Trevlig och förstående handläggare, vi gjorde en avbetalningsplan för skulden.', { tactics: ['agent_helpful', 'payment_plan'] }],
  ['sv', 'Jag har anmält inkassobolaget till Finansinspektionen.', { escalation: ['regulator'] }],
  ['fi', 'Perintätoimisto soittaa jatkuvasti, eilen 9 kertaa, viimeisen kerran klo 23.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['fi', 'Virkailija huusi minulle ja uhkasi ulosotolla.', { tactics: ['abusive_conduct', 'threat_legal'] }],
  ['fi', 'Sain maksuhäiriömerkinnän, vaikka en ole saanut yhtään laskua.', { tactics: ['credit_record', 'insufficient_info'] }],
  ['fi', 'Sovimme maksusuunnitelmasta velalle, virkailija oli tosi ystävällinen.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['fi', 'Olen sairauslomalla ja menetin työpaikan, velkaa on paljon.', { vulnerability: ['health', 'life_event'] }],
  ['nb', 'Inkassoselskapet ringer hver dag og har sendt tre brev denne uka.', { tactics: ['contact_frequency'], channel: ['phone', 'letter'] }],
  ['nb', 'Saken er sendt til namsmannen og de truer med trekk i lønn.', { tactics: ['threat_legal'] }],
  ['nb', 'Saksbehandleren hos inkassoselskapet var frekk og nedlatende.', { tactics: ['abusive_conduct'] }],
  ['nb', 'Fikk betalingsanmerkning, men har aldri fått noe brev om gjelden.', { tactics: ['credit_record', 'insufficient_info'] }],
  ['nb', 'Jeg klager inkassoselskapet inn til Finanstilsynet.', { escalation: ['regulator'] }],
  ['da', 'Inkassofirmaet ringer hver eneste dag, også om natten.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['da', 'Jeg blev registreret i RKI og de truer med fogedretten.', { tactics: ['credit_record', 'threat_legal'] }],
  ['da', 'Vi lavede en afdragsordning på gælden, og medarbejderen var meget hjælpsom.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['da', 'Jeg har klaget over inkassofirmaet til Forbrugerombudsmanden og kontaktet en advokat.', { escalation: ['regulator', 'legal'] }],
  ['lv', 'Piedzinēji zvana katru dienu, pat naktī.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['lv', 'piedzinejs zvanija manam darba devejam un draudeja ar tiesu izpilditaju', { tactics: ['third_party_contact', 'threat_legal'] }],
  ['lv', 'Vienojāmies par maksājumu grafiku parādam, darbinieks bija ļoti laipns.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['lv', 'Rakstu sūdzību PTAC par parādu piedzinēju.', { escalation: ['regulator'] }],
  ['lt', 'Skolų išieškotojai skambina kasdien po kelis kartus.', { tactics: ['contact_frequency'], channel: ['phone'] }],
  ['lt', 'Grasino antstoliais ir teismu dėl skolos.', { tactics: ['threat_legal'] }],
  ['lt', 'Susitarėme mokėti skolą dalimis, darbuotoja buvo labai maloni.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['lt', 'Parašiau skundą Lietuvos bankui dėl skolų išieškojimo.', { escalation: ['regulator'] }],
  ['et', 'Inkasso helistab iga päev ja isegi öösel.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['et', 'Ähvardasid kohtutäituriga ja helistasid mu tööandjale võla pärast.', { tactics: ['threat_legal', 'third_party_contact'] }],
  ['et', 'Leppisime võla osas kokku osamaksed, töötaja oli väga abivalmis.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['et', 'Inkasso peale läks kaebus Finantsinspektsiooni.', { escalation: ['regulator'] }],
  ['ru', 'Коллекторы звонят каждый день, даже в 23:30.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['ru', 'Коллекторы угрожали судом и судебными приставами.', { tactics: ['threat_legal'] }],
  ['ru', 'Коллекторы звонили моей маме и на работу.', { tactics: ['third_party_contact'] }],
  ['ru', 'Договорились о рассрочке долга, сотрудник был очень вежлив.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['ru', 'Пожаловалась на коллекторов в Роспотребнадзор.', { escalation: ['regulator'] }],
  ['pl', 'Windykacja dzwoni codziennie, nawet o 22:30.', { tactics: ['contact_frequency', 'contact_time'], channel: ['phone'] }],
  ['pl', 'Windykator groził komornikiem i sądem.', { tactics: ['threat_legal'] }],
  ['pl', 'Konsultant z windykacji był chamski i krzyczał na mnie.', { tactics: ['abusive_conduct'] }],
  ['pl', 'Rozłożyli mi dług na raty, pani była bardzo miła.', { tactics: ['payment_plan', 'agent_helpful'] }],
  ['pl', 'Złożyłam skargę na windykatora do UOKiK.', { escalation: ['regulator'] }],
];

describe('cue rules per language', () => {
  it.each(CASES)('%s: %s', (lang, text, want) => {
    const out = cues(text, lang);
    for (const t of want.tactics ?? []) expect(out.tactics).toContain(t);
    for (const c of want.channel ?? []) expect(out.channel).toContain(c);
    for (const v of want.vulnerability ?? []) expect(out.vulnerability).toContain(v);
    for (const e of want.escalation ?? []) expect(out.escalation).toContain(e);
    if (want.payer_stance) expect(out.payer_stance).toContain(want.payer_stance);
    const fired = [...out.tactics, ...out.channel, ...out.vulnerability, ...out.escalation];
    for (const n of want.not ?? []) expect(fired).not.toContain(n);
  });

  it('covers every label of the taxonomy at least once', () => {
    const seen = new Set(CASES.flatMap(([, , w]) => [...(w.tactics ?? []), ...(w.channel ?? []), ...(w.vulnerability ?? []), ...(w.escalation ?? []), w.payer_stance ?? '']));
    for (const l of [...TACTICS, ...CHANNELS, ...VULNERABILITIES, ...ESCALATIONS, ...PAYER_STANCES.filter((s) => s !== 'unknown')]) {
      expect(seen, l).toContain(l);
    }
  });

  it('has at least three cases per language', () => {
    for (const lang of Object.keys(RULE_FILES)) expect(CASES.filter(([l]) => l === lang).length, lang).toBeGreaterThanOrEqual(3);
  });

  it('no payer-stance cue fires when nothing is said about paying', () => {
    expect(cues('The debt collector called me twice this week.', 'en').payer_stance).toEqual([]);
  });

  it('a negated cue does not fire', () => {
    const out = cues('The debt collector was not helpful and never rude either.', 'en');
    expect(out.tactics).not.toContain('agent_helpful');
    expect(out.tactics).not.toContain('abusive_conduct');
  });
});

describe('rule files', () => {
  it('every language has rules for every label', () => {
    for (const [lang, file] of Object.entries(RULE_FILES)) {
      for (const t of TACTICS) expect(file.tactics[t]?.length, `${lang} ${t}`).toBeGreaterThan(0);
      for (const c of CHANNELS) expect(file.channel[c]?.length, `${lang} ${c}`).toBeGreaterThan(0);
      for (const v of VULNERABILITIES) expect(file.vulnerability[v]?.length, `${lang} ${v}`).toBeGreaterThan(0);
      for (const e of ESCALATIONS) expect(file.escalation[e]?.length, `${lang} ${e}`).toBeGreaterThan(0);
      for (const s of PAYER_STANCES.filter((x) => x !== 'unknown')) expect(file.payer_stance[s]?.length, `${lang} ${s}`).toBeGreaterThan(0);
      expect(file.relevance.collection.length).toBeGreaterThan(0);
      expect(file.relevance.unrelated.length).toBeGreaterThan(0);
      // No label outside the taxonomy.
      expect(Object.keys(file.tactics).every((t) => (TACTICS as readonly string[]).includes(t))).toBe(true);
    }
  });

  it('every pattern compiles', () => {
    for (const file of Object.values(RULE_FILES)) {
      const lists = [file.tactics, file.channel, file.vulnerability, file.escalation, file.payer_stance, file.relevance];
      for (const list of lists) for (const p of Object.values(list).flat()) expect(() => compilePattern(p, null), p).not.toThrow();
    }
  });
});

describe('pattern starts', () => {
  it('a pattern that may start with a number or a word is tried at both', () => {
    const set = new PatternSet(compilePattern('flere|# lån', 'many loans'));
    const hits = (text: string) => set.match(tokenize(text)).map((h) => h.meta);
    expect(hits('Jeg har flere lån og kan ikke betale.')).toEqual(['many loans']);
    expect(hits('Jeg har 4 lån og kan ikke betale.')).toEqual(['many loans']);
    expect(hits('Jeg har lån.')).toEqual([]);
  });
});
