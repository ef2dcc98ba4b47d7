// The digest's own words (headings, labels, the subject) per chrome language. Mention text is never translated.
// Numbers, dates and language names come from Intl in the chosen language; plural forms from Intl.PluralRules.
import { ACTION_TYPE_NAMES, CHANNEL_NAMES, NOT_RECORDED, TACTIC_NAMES } from '../labels.ts';
import { STEP_WORDS } from '../steps/step-rules.ts';

export const DIGEST_LANGUAGES = ['en', 'sv', 'lv'] as const;
export type DigestLanguage = (typeof DIGEST_LANGUAGES)[number];

/** Plural forms by Intl.PluralRules category ('one', 'other'; Latvian also 'zero'). */
type Forms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface DigestStrings {
  /** Placeholders put into quoted text in place of what could identify a debtor. */
  mask: { caseRef: string; email: string; phone: string };
  title: string;
  /** "Week 47" */
  week: (n: number) => string;
  subject: { prefix: string; mentions: Forms; negative: string; alerts: Forms; needAttention: Forms };
  numbers: {
    heading: string;
    mentions: string;
    relevantShare: string;
    negativeShare: string;
    thisWeek: string;
    previousWeek: string;
    average4: string;
    markets: string;
    market: string;
    relevant: string;
    negative: string;
    change: string;
    otherMarkets: string;
  };
  attention: { heading: string; opened: string; more: Forms; mentions: Forms; open: string };
  severity: Record<'low' | 'medium' | 'high' | 'critical', string>;
  status: Record<'open' | 'acknowledged' | 'resolved', string>;
  topics: {
    heading: string;
    intro: (negative: number) => string;
    topic: string;
    movers: string;
    fewMentions: string;
    clearChange: string;
  };
  tactics: Record<string, string>;
  rates: {
    heading: string;
    intro: (days: number) => string;
    byActionType: string;
    byChannel: string;
    byTeam: string;
    group: string;
    cases: string;
    complaints: string;
    /** "2 complaints", "1 case" in the plain-text rows. */
    complaintsN: Forms;
    casesN: Forms;
    /** After a group with few complaints. */
    few: string;
    /** Which grouping a change is in. */
    dimension: { action_type: string; channel: string; team: string };
    rate: string;
    previous: string;
    interval: string;
    changes: string;
    clear: string;
    noChanges: string;
    up: string;
    down: string;
  };
  actionTypes: Record<string, string>;
  channels: Record<string, string>;
  /** "Did it help?": each kind of next step against the cases it was proposed on and not taken. */
  steps: {
    heading: string;
    intro: (followDays: number, sinceDays: number) => string;
    step: string;
    taken: string;
    notTaken: string;
    /** "3 of 40 cases" in a cell: complaints, cases. */
    cell: (complaints: number, cases: number) => string;
    verdict: Record<'fewer' | 'more' | 'unclear' | 'too_few', string>;
    names: Record<string, string>;
  };
  mentions: { heading: string; open: string; reach: string; engagement: string };
  sources: { heading: string; lastMention: string; lastError: string; never: string; health: Record<'failing' | 'silent' | 'degraded', string> };
  footer: { role: string; timeZone: string; dashboard: string };
  roles: Record<'admin' | 'comms' | 'credit_manager' | 'viewer', string>;
  nothing: string;
}

const en: DigestStrings = {
  mask: { caseRef: '[case]', email: '[e-mail]', phone: '[phone]' },
  title: 'Earshot weekly',
  week: (n) => `Week ${n}`,
  subject: {
    prefix: 'Earshot weekly',
    mentions: { one: 'mention', other: 'mentions' },
    negative: 'negative',
    alerts: { one: 'alert', other: 'alerts' },
    needAttention: { one: 'needs attention', other: 'need attention' },
  },
  numbers: {
    heading: 'The week in numbers',
    mentions: 'Mentions',
    relevantShare: 'About collection',
    negativeShare: 'Negative',
    thisWeek: 'This week',
    previousWeek: 'Previous week',
    average4: '4-week average',
    markets: 'Relevant mentions by market',
    market: 'Market',
    relevant: 'Mentions',
    negative: 'Negative',
    change: 'Change',
    otherMarkets: 'Other markets',
  },
  attention: {
    heading: 'Needs attention',
    opened: 'opened',
    more: { one: 'and {n} more alert', other: 'and {n} more alerts' },
    mentions: { one: '{n} mention', other: '{n} mentions' },
    open: 'Open in Earshot',
  },
  severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
  status: { open: 'open', acknowledged: 'acknowledged', resolved: 'resolved since' },
  topics: {
    heading: 'What people complain about',
    intro: (n) => `Topics of this week's ${n} negative mentions about collection; a mention can have several.`,
    topic: 'Topic',
    movers: 'What moved',
    fewMentions: 'few mentions',
    clearChange: 'clear change',
  },
  tactics: TACTIC_NAMES,

  rates: {
    heading: 'Complaint rates',
    intro: (d) => `Linked complaints per 1,000 cases over the last ${d} days, with 95% intervals, against the ${d} days before.`,
    byActionType: 'By action',
    byChannel: 'By channel',
    byTeam: 'By team',
    group: 'Group',
    cases: 'Cases',
    complaints: 'Complaints',
    complaintsN: { one: '{n} complaint', other: '{n} complaints' },
    casesN: { one: '{n} case', other: '{n} cases' },
    few: 'few complaints',
    dimension: { action_type: 'action', channel: 'channel', team: 'team' },
    rate: 'Per 1,000 cases',
    previous: 'Before',
    interval: '95% interval',
    changes: 'Biggest changes',
    clear: 'clear change: the ratio of the two rates is clear of 1',
    noChanges: 'No group changed clearly.',
    up: 'up',
    down: 'down',
  },
  actionTypes: { ...ACTION_TYPE_NAMES, '(none)': NOT_RECORDED },

  channels: { ...CHANNEL_NAMES, '(none)': NOT_RECORDED },
  steps: {
    heading: 'Did the next steps help?',
    intro: (f, d) =>
      `Complaints in the ${f} days after a step on a case, against the cases where it was proposed and not taken; steps of the last ${d} days whose ${f} days have passed.`,
    step: 'Step',
    taken: 'Taken: complaints / cases',
    notTaken: 'Not taken',
    cell: (n, c) => `${n} / ${c}`,
    verdict: { fewer: 'clearly fewer complaints', more: 'clearly more complaints', unclear: 'no clear difference', too_few: 'too few to tell' },
    names: { ...STEP_WORDS },
  },
  mentions: { heading: 'What people wrote', open: 'Open', reach: 'reach', engagement: 'reactions' },
  sources: {
    heading: 'Sources needing a look',
    lastMention: 'last mention',
    lastError: 'last error',
    never: 'never',
    health: { failing: 'failing', silent: 'silent', degraded: 'errors' },
  },
  footer: { role: 'Shaped for the role', timeZone: 'Times in', dashboard: 'Open the dashboard' },
  roles: { admin: 'administrator', comms: 'communications', credit_manager: 'credit manager', viewer: 'viewer' },
  nothing: 'Nothing was published this week.',
};

const sv: DigestStrings = {
  mask: { caseRef: '[ärende]', email: '[e-post]', phone: '[telefon]' },
  title: 'Earshot varje vecka',
  week: (n) => `Vecka ${n}`,
  subject: {
    prefix: 'Earshot vecka',
    mentions: { one: 'omnämnande', other: 'omnämnanden' },
    negative: 'negativa',
    alerts: { one: 'larm', other: 'larm' },
    needAttention: { one: 'kräver uppmärksamhet', other: 'kräver uppmärksamhet' },
  },
  numbers: {
    heading: 'Veckan i siffror',
    mentions: 'Omnämnanden',
    relevantShare: 'Om inkasso',
    negativeShare: 'Negativa',
    thisWeek: 'Denna vecka',
    previousWeek: 'Förra veckan',
    average4: 'Snitt 4 veckor',
    markets: 'Relevanta omnämnanden per marknad',
    market: 'Marknad',
    relevant: 'Omnämnanden',
    negative: 'Negativa',
    change: 'Förändring',
    otherMarkets: 'Övriga marknader',
  },
  attention: {
    heading: 'Kräver uppmärksamhet',
    opened: 'öppnat',
    more: { one: 'och {n} larm till', other: 'och {n} larm till' },
    mentions: { one: '{n} omnämnande', other: '{n} omnämnanden' },
    open: 'Öppna i Earshot',
  },
  severity: { low: 'Låg', medium: 'Medel', high: 'Hög', critical: 'Kritisk' },
  status: { open: 'öppet', acknowledged: 'kvitterat', resolved: 'löst sedan dess' },
  topics: {
    heading: 'Vad folk klagar på',
    intro: (n) => `Ämnen i veckans ${n} negativa omnämnanden om inkasso; ett omnämnande kan ha flera.`,
    topic: 'Ämne',
    movers: 'Vad som förändrats',
    fewMentions: 'få omnämnanden',
    clearChange: 'tydlig förändring',
  },
  tactics: {
    contact_frequency: 'För många samtal eller meddelanden',
    contact_time: 'Kontakt på olämpliga tider',
    ignored_stop_request: 'Fortsatt kontakt trots begäran om att sluta',
    abusive_conduct: 'Otrevligt eller kränkande bemötande',
    threat_legal: 'Hot om rättsliga åtgärder eller utmätning',
    credit_record: 'Hot om betalningsanmärkning',
    third_party_contact: 'Kontakt med anhöriga eller arbetsgivare',
    debt_not_owed: 'Skulden bestrids eller är redan betald',
    fees_amount: 'Avgifter eller fel belopp',
    insufficient_info: 'Otydlig eller saknad information',
    false_representation: 'Vilseledande påståenden',
    payment_plan: 'Avbetalningsplaner',
    agent_helpful: 'Hjälpsam personal',
    reachability: 'Svåra att nå',
  },
  rates: {
    heading: 'Klagomålsfrekvens',
    intro: (d) => `Kopplade klagomål per 1 000 ärenden de senaste ${d} dagarna, med 95 % intervall, jämfört med de ${d} dagarna innan.`,
    byActionType: 'Per åtgärd',
    byChannel: 'Per kanal',
    byTeam: 'Per team',
    group: 'Grupp',
    cases: 'Ärenden',
    complaints: 'Klagomål',
    complaintsN: { one: '{n} klagomål', other: '{n} klagomål' },
    casesN: { one: '{n} ärende', other: '{n} ärenden' },
    few: 'få klagomål',
    dimension: { action_type: 'åtgärd', channel: 'kanal', team: 'team' },
    rate: 'Per 1 000 ärenden',
    previous: 'Innan',
    interval: '95 % intervall',
    changes: 'Största förändringarna',
    clear: 'tydlig förändring: kvoten mellan de två nivåerna är tydligt skild från 1',
    noChanges: 'Ingen grupp förändrades tydligt.',
    up: 'upp',
    down: 'ned',
  },
  actionTypes: {
    reminder: 'Påminnelse',
    call: 'Samtal',
    sms: 'Sms',
    letter: 'Brev',
    email: 'E-post',
    payment_plan_offer: 'Avbetalningsplan erbjuden',
    payment_plan_agreed: 'Avbetalningsplan överenskommen',
    legal_notice: 'Rättsligt meddelande',
    credit_record_notice: 'Varning om betalningsanmärkning',
    enforcement: 'Utmätning',
    settlement: 'Förlikning',
    other: 'Övrigt',
    '(none)': 'Ej angivet',
  },
  channels: { phone: 'Telefon', sms: 'Sms', email: 'E-post', letter: 'Brev', social: 'Sociala medier', portal: 'Portal', in_person: 'Personligen', '(none)': 'Ej angivet' },
  steps: {
    heading: 'Hjälpte nästa steg?',
    intro: (f, d) =>
      `Klagomål under ${f} dagar efter ett steg i ett ärende, jämfört med ärenden där steget föreslogs men inte togs; steg från de senaste ${d} dagarna vars ${f} dagar har gått.`,
    step: 'Steg',
    taken: 'Taget: klagomål / ärenden',
    notTaken: 'Inte taget',
    cell: (n, c) => `${n} / ${c}`,
    verdict: { fewer: 'tydligt färre klagomål', more: 'tydligt fler klagomål', unclear: 'ingen tydlig skillnad', too_few: 'för få för att avgöra' },
    names: {
      pause_and_call: 'Pausa automatiska kontakter; en utbildad kollega ringer',
      offer_payment_plan: 'Erbjud en avbetalningsplan',
      move_contact_window: 'Flytta kontakterna till dagtid i personens tidszon',
      lower_contact_frequency: 'Minska kontakterna i ärendet',
      send_validation: 'Skicka underlaget skriftligt; pausa indrivningen tills det är besvarat',
      review_today: 'En person går igenom ärendet i dag',
      check_legal_policy: 'Pröva det rättsliga hotet mot policyn',
    },
  },
  mentions: { heading: 'Vad folk skrev', open: 'Öppna', reach: 'räckvidd', engagement: 'reaktioner' },
  sources: {
    heading: 'Källor att se över',
    lastMention: 'senaste omnämnande',
    lastError: 'senaste fel',
    never: 'aldrig',
    health: { failing: 'fungerar inte', silent: 'tyst', degraded: 'fel' },
  },
  footer: { role: 'Anpassat för rollen', timeZone: 'Tider i', dashboard: 'Öppna översikten' },
  roles: { admin: 'administratör', comms: 'kommunikation', credit_manager: 'kreditchef', viewer: 'läsare' },
  nothing: 'Inget publicerades den här veckan.',
};

const lv: DigestStrings = {
  mask: { caseRef: '[lieta]', email: '[e-pasts]', phone: '[tālrunis]' },
  title: 'Earshot nedēļas pārskats',
  week: (n) => `${n}. nedēļa`,
  subject: {
    prefix: 'Earshot nedēļa',
    mentions: { zero: 'pieminējumu', one: 'pieminējums', other: 'pieminējumi' },
    negative: 'negatīvi',
    alerts: { zero: 'brīdinājumu', one: 'brīdinājums', other: 'brīdinājumi' },
    needAttention: { zero: 'prasa uzmanību', one: 'prasa uzmanību', other: 'prasa uzmanību' },
  },
  numbers: {
    heading: 'Nedēļa skaitļos',
    mentions: 'Pieminējumi',
    relevantShare: 'Par piedziņu',
    negativeShare: 'Negatīvi',
    thisWeek: 'Šonedēļ',
    previousWeek: 'Iepriekšējā nedēļā',
    average4: '4 nedēļu vidēji',
    markets: 'Būtiskie pieminējumi pa tirgiem',
    market: 'Tirgus',
    relevant: 'Pieminējumi',
    negative: 'Negatīvi',
    change: 'Izmaiņas',
    otherMarkets: 'Citi tirgi',
  },
  attention: {
    heading: 'Prasa uzmanību',
    opened: 'izveidots',
    more: { zero: 'un vēl {n} brīdinājumu', one: 'un vēl {n} brīdinājums', other: 'un vēl {n} brīdinājumi' },
    mentions: { zero: '{n} pieminējumu', one: '{n} pieminējums', other: '{n} pieminējumi' },
    open: 'Atvērt Earshot',
  },
  severity: { low: 'Zema', medium: 'Vidēja', high: 'Augsta', critical: 'Kritiska' },
  status: { open: 'atvērts', acknowledged: 'pieņemts zināšanai', resolved: 'kopš tā laika atrisināts' },
  topics: {
    heading: 'Par ko cilvēki sūdzas',
    intro: (n) => `Tēmas šīs nedēļas negatīvajos pieminējumos par piedziņu (${n}); vienam pieminējumam var būt vairākas.`,
    topic: 'Tēma',
    movers: 'Kas mainījās',
    fewMentions: 'maz pieminējumu',
    clearChange: 'skaidras izmaiņas',
  },
  tactics: {
    contact_frequency: 'Pārāk daudz zvanu vai ziņu',
    contact_time: 'Saziņa nepiemērotā laikā',
    ignored_stop_request: 'Saziņa turpināta pēc lūguma to pārtraukt',
    abusive_conduct: 'Rupja vai aizskaroša izturēšanās',
    threat_legal: 'Draudi ar tiesu vai piedziņu',
    credit_record: 'Draudi ar ierakstu kredītvēsturē',
    third_party_contact: 'Saziņa ar ģimeni vai darba devēju',
    debt_not_owed: 'Parāds apstrīdēts vai jau samaksāts',
    fees_amount: 'Maksas vai nepareiza summa',
    insufficient_info: 'Neskaidra vai trūkstoša informācija',
    false_representation: 'Maldinoši apgalvojumi',
    payment_plan: 'Maksājumu grafiki',
    agent_helpful: 'Izpalīdzīgi darbinieki',
    reachability: 'Grūti sazināties',
  },
  rates: {
    heading: 'Sūdzību biežums',
    intro: (d) => `Piesaistītās sūdzības uz 1000 lietām pēdējās ${d} dienās ar 95 % intervāliem, salīdzinot ar iepriekšējām ${d} dienām.`,
    byActionType: 'Pa darbībām',
    byChannel: 'Pa kanāliem',
    byTeam: 'Pa komandām',
    group: 'Grupa',
    cases: 'Lietas',
    complaints: 'Sūdzības',
    complaintsN: { zero: '{n} sūdzību', one: '{n} sūdzība', other: '{n} sūdzības' },
    casesN: { zero: '{n} lietu', one: '{n} lieta', other: '{n} lietas' },
    few: 'maz sūdzību',
    dimension: { action_type: 'darbība', channel: 'kanāls', team: 'komanda' },
    rate: 'Uz 1000 lietām',
    previous: 'Iepriekš',
    interval: '95 % intervāls',
    changes: 'Lielākās izmaiņas',
    clear: 'skaidras izmaiņas: abu līmeņu attiecība skaidri atšķiras no 1',
    noChanges: 'Nevienā grupā nav skaidru izmaiņu.',
    up: 'augšup',
    down: 'lejup',
  },
  actionTypes: {
    reminder: 'Atgādinājums',
    call: 'Zvans',
    sms: 'Īsziņa',
    letter: 'Vēstule',
    email: 'E-pasts',
    payment_plan_offer: 'Piedāvāts maksājumu grafiks',
    payment_plan_agreed: 'Saskaņots maksājumu grafiks',
    legal_notice: 'Juridisks paziņojums',
    credit_record_notice: 'Paziņojums par kredītvēstures ierakstu',
    enforcement: 'Piespiedu izpilde',
    settlement: 'Izlīgums',
    other: 'Cits',
    '(none)': 'Nav norādīts',
  },
  channels: { phone: 'Tālrunis', sms: 'Īsziņa', email: 'E-pasts', letter: 'Vēstule', social: 'Sociālie tīkli', portal: 'Portāls', in_person: 'Klātienē', '(none)': 'Nav norādīts' },
  steps: {
    heading: 'Vai nākamie soļi palīdzēja?',
    intro: (f, d) =>
      `Sūdzības ${f} dienās pēc soļa lietā, salīdzinot ar lietām, kurās solis tika ieteikts, bet netika sperts; pēdējo ${d} dienu soļi, kuru ${f} dienas ir pagājušas.`,
    step: 'Solis',
    taken: 'Sperts: sūdzības / lietas',
    notTaken: 'Nav sperts',
    cell: (n, c) => `${n} / ${c}`,
    verdict: { fewer: 'skaidri mazāk sūdzību', more: 'skaidri vairāk sūdzību', unclear: 'nav skaidras atšķirības', too_few: 'par maz, lai spriestu' },
    names: {
      pause_and_call: 'Apturēt automātiskos kontaktus; apmācīts kolēģis zvana',
      offer_payment_plan: 'Piedāvāt maksājumu grafiku',
      move_contact_window: 'Pārcelt kontaktus uz dienas laiku personas laika zonā',
      lower_contact_frequency: 'Samazināt kontaktu biežumu lietā',
      send_validation: 'Nosūtīt pamatojumu rakstiski; apturēt piedziņu līdz atbildei',
      review_today: 'Cilvēks šodien pārskata lietu',
      check_legal_policy: 'Pārbaudīt juridisko draudu atbilstību politikai',
    },
  },
  mentions: { heading: 'Ko cilvēki rakstīja', open: 'Atvērt', reach: 'sasniedzamība', engagement: 'reakcijas' },
  sources: {
    heading: 'Avoti, kas jāpārbauda',
    lastMention: 'pēdējais pieminējums',
    lastError: 'pēdējā kļūda',
    never: 'nekad',
    health: { failing: 'nedarbojas', silent: 'kluss', degraded: 'kļūdas' },
  },
  footer: { role: 'Sagatavots lomai', timeZone: 'Laiki zonā', dashboard: 'Atvērt pārskatu' },
  roles: { admin: 'administrators', comms: 'komunikācija', credit_manager: 'kredītu vadītājs', viewer: 'lasītājs' },
  nothing: 'Šonedēļ nekas netika publicēts.',
};

export const STRINGS: Record<DigestLanguage, DigestStrings> = { en, sv, lv };

export const isDigestLanguage = (s: string): s is DigestLanguage => (DIGEST_LANGUAGES as readonly string[]).includes(s);

/** The form of a word for a count in the language ("1 mention", "2 mentions"; Latvian "11 pieminējumu"). */
export function plural(language: DigestLanguage, forms: Forms, n: number): string {
  const category = new Intl.PluralRules(language).select(n);
  return (forms[category] ?? forms.other).replace('{n}', new Intl.NumberFormat(language).format(n));
}
