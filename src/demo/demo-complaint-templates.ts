// The public posts demo cases write, per language and subject, with placeholders for the case's details.
import type { DemoLanguage } from './demo-case-model.ts';

export interface Template {
  title: string;
  text: string;
  /** Short enough for a social post (otherwise a forum thread). */
  social?: boolean;
}

export type TemplateGroup = 'night_sms' | 'contact' | 'amount' | 'legal' | 'praise';

// Placeholders: {ref} the case reference as written by the collector ("LV-41234567"), {time} the local time of
// the triggering message, {creditor} the creditor's short name, {amount} the amount, {cur} its currency.
export const TEMPLATES: Record<DemoLanguage, Partial<Record<TemplateGroup, Template[]>>> = {
  en: {
    night_sms: [
      {
        social: true,
        title: 'Debt SMS at {time}, again',
        text: 'Lumera texted me about the {creditor} bill at {time} last night. Not the first late-night SMS either, case {ref}. Who sends debt reminders at that hour? Unacceptable.',
      },
      {
        social: true,
        title: 'Woken up by a collector',
        text: 'Woken up at {time} by an SMS from Lumera about my {creditor} debt (case {ref}). My kids were asleep. This is harassment.',
      },
      {
        title: 'Lumera sends collection texts late at night - case {ref}',
        text: 'Since last month Lumera sends me SMS reminders about an old {creditor} invoice late at night, the last one at {time}. Every week, weekends too. I have told them I will pay on payday. Case {ref}. Is this even legal in Latvia? I feel harassed.',
      },
      { social: true, title: 'Stop texting me at night', text: 'Dear Lumera, {time} is not an acceptable time to text me about a debt. Case {ref}. Stop it.' },
      {
        title: 'Late night debt SMS from Lumera for {creditor}',
        text: 'Anyone else getting debt collection SMS from Lumera late at night? Mine came at {time}, case {ref}, about {amount} {cur} for {creditor}. They text every week now and always after 9pm. I am sick of it and will complain to the consumer rights centre.',
      },
      { social: true, title: '{time}. A debt reminder.', text: '{time} and my phone buzzes: Lumera reminding me of the {creditor} debt, case {ref}. Again. Terrible.' },
      {
        title: 'Constant SMS at night about a phone bill',
        text: 'Lumera keeps texting me at night about a {amount} {cur} {creditor} phone bill - {time} the last time, 22-something the time before. Case {ref}. I never ignored them, I just asked for two weeks. Awful way to treat people.',
      },
      {
        social: true,
        title: 'Midnight collection texts',
        text: 'Got another text from Lumera at {time} about case {ref}. Late at night, again and again. Horrible. Filing a complaint.',
      },
    ],
    contact: [
      {
        social: true,
        title: 'Calls every single day',
        text: 'Lumera calls me every single day about the {creditor} debt, case {ref}. I already agreed to pay on the 15th. Enough!',
      },
      {
        title: 'Lumera keeps calling my phone - case {ref}',
        text: 'Lumera has called me several times a day for a week about a {creditor} bill of {amount} {cur}, case {ref}. I answered once and explained I will pay at the end of the month, but the calls continue. Terrible service.',
      },
      {
        social: true,
        title: 'Rude agent on the phone',
        text: 'The Lumera agent on the phone was rude and shouted at me about case {ref}. I was trying to arrange payment. Awful.',
      },
    ],
    amount: [
      {
        title: 'Lumera added fees I cannot understand - case {ref}',
        text: 'My {creditor} invoice was small, now Lumera demands {amount} {cur} with collection fees and interest, case {ref}. No breakdown of the fees anywhere. This is unfair and I have asked for an explanation.',
      },
      {
        title: 'Wrong amount on a Lumera reminder',
        text: 'Got a reminder letter from Lumera for {creditor}, case {ref}. The amount is wrong - I paid half of it in spring and they still ask for the full {amount} {cur} plus fees. Very frustrating.',
      },
      {
        social: true,
        title: 'A debt I never had',
        text: 'Lumera says I owe {creditor} {amount} {cur}, case {ref}. I never had a contract with them. Disputed it twice, no answer. Ridiculous.',
      },
    ],
    legal: [
      {
        title: 'Threatened with court over case {ref}',
        text: 'Lumera sent a letter saying they will take me to court and send the bailiff if I do not pay {amount} {cur} to {creditor} within 10 days, case {ref}. I offered a payment plan last month and got no reply. Scary and unfair.',
      },
      {
        title: 'Payment default record threat from Lumera',
        text: 'Lumera wrote that they will register a payment default with the credit bureau over my {creditor} debt, case {ref}. The amount is disputed! This will ruin my credit score. Terrible.',
      },
    ],
    praise: [
      {
        social: true,
        title: 'Credit where it is due',
        text: 'Credit where it is due: the Lumera agent was kind and patient and set up a payment plan for my {creditor} debt, case {ref}. Thank you!',
      },
      {
        title: 'Good experience with Lumera, surprisingly',
        text: 'I was dreading the call, but the Lumera agent listened, understood my situation and agreed a payment plan I can afford for case {ref}. Helpful and friendly. Thanks.',
      },
      { social: true, title: 'Helpful agent', text: 'Spoke to Lumera about case {ref} today. The agent was really helpful and we agreed instalments. Great service.' },
    ],
  },
  lv: {
    night_sms: [
      {
        social: true,
        title: 'Īsziņa plkst. {time}',
        text: 'Lumera atkal sūta īsziņas par {creditor} parādu plkst. {time}. Lietas nr. {ref}. Kas sūta parāda atgādinājumus naktī? Nepieņemami!',
      },
      {
        title: 'Lumera sūta īsziņas vēlu vakarā – lietas nr. {ref}',
        text: 'Kopš pagājušā mēneša Lumera man sūta īsziņas par {creditor} rēķinu vēlu vakarā, pēdējā pienāca plkst. {time}. Katru nedēļu, arī brīvdienās. Lietas nr. {ref}. Es neatsakos maksāt, bet šis ir uzbāzīgi un pretīgi.',
      },
      {
        social: true,
        title: 'Pamodināja parāda īsziņa',
        text: 'Pamodos no Lumera īsziņas plkst. {time}. Bērni guļ, bet viņiem vajag atgādināt par {creditor} parādu. Lieta {ref}. Kauns!',
      },
      {
        title: 'Nakts īsziņas par parādu',
        text: 'Vai vēl kādam Lumera sūta īsziņas naktī? Man par {creditor} parādu {amount} {cur}, lietas nr. {ref}. Pēdējā pienāca plkst. {time}, iepriekšējā ap pusnakti. Rakstīšu sūdzību PTAC.',
      },
      { social: true, title: 'Plkst. {time} atkal Lumera', text: 'Plkst. {time} atkal Lumera īsziņa par parādu, lietas nr. {ref}. Jau trešā šomēnes. Briesmīgi.' },
      {
        title: 'Lumera un {creditor} – īsziņas vēlu vakarā',
        text: 'Lumera sūta atgādinājumus par {creditor} rēķinu tikai vēlu vakarā, pēdējais plkst. {time}. Lietas nr. {ref}. Biju solījis samaksāt algas dienā, tomēr īsziņas nāk katru nedēļu. Tas ir nekaunīgi.',
      },
      { social: true, title: 'Lūdzu, beidziet!', text: 'Lumera, beidziet sūtīt īsziņas naktī! Plkst. {time} par {creditor} parādu, lietas nr. {ref}. Neizturami.' },
      {
        title: 'Parāda atgādinājumi pusnaktī',
        text: 'Lumera man sūta īsziņas par {amount} {cur} parādu {creditor} vēlu vakarā un brīvdienās, pēdējā plkst. {time}. Lietas nr. {ref}. Tā ir vajāšana, nevis piedziņa. Sliktākā pieredze.',
      },
    ],
    contact: [
      { social: true, title: 'Zvana katru dienu', text: 'Lumera zvana katru dienu par {creditor} parādu, lietas nr. {ref}. Jau teicu, ka samaksāšu 15. datumā. Pietiek!' },
      {
        title: 'Lumera zvana vairākas reizes dienā – lietas nr. {ref}',
        text: 'Lumera zvana vairākas reizes dienā par {creditor} rēķinu {amount} {cur}, lietas nr. {ref}. Paskaidroju, ka samaksāšu mēneša beigās, bet zvani turpinās. Briesmīgs serviss.',
      },
      {
        social: true,
        title: 'Rupjš darbinieks',
        text: 'Lumera darbinieks bija rupjš un kliedza uz mani par parādu, lietas nr. {ref}. Es gribēju vienoties par maksājumu. Šausmīgi.',
      },
    ],
    amount: [
      {
        title: 'Lumera pieprasa nesaprotamas komisijas – lietas nr. {ref}',
        text: '{creditor} rēķins bija neliels, bet tagad Lumera pieprasa {amount} {cur} ar piedziņas izdevumiem un procentiem, lietas nr. {ref}. Nekāda atšifrējuma. Negodīgi.',
      },
      {
        title: 'Nepareiza summa Lumera vēstulē',
        text: 'Saņēmu Lumera atgādinājuma vēstuli par {creditor} parādu, lietas nr. {ref}. Summa ir nepareiza – pusi samaksāju pavasarī, bet viņi prasa visus {amount} {cur} un komisijas. Ļoti slikti.',
      },
      {
        social: true,
        title: 'Parāds, kura man nav',
        text: 'Lumera apgalvo, ka esmu parādā {creditor} {amount} {cur}, lietas nr. {ref}. Man nekad nav bijis līguma ar viņiem. Divreiz apstrīdēju, atbildes nav. Absurds.',
      },
    ],
    legal: [
      {
        title: 'Lumera draud ar tiesu – lietas nr. {ref}',
        text: 'Lumera atsūtīja vēstuli, ka nodos lietu tiesu izpildītājam, ja 10 dienu laikā nesamaksāšu {amount} {cur} {creditor}, lietas nr. {ref}. Piedāvāju maksājumu grafiku, atbildes nebija. Negodīgi un biedējoši.',
      },
      {
        title: 'Draud ar ierakstu kredītu reģistrā',
        text: 'Lumera raksta, ka iekļaus mani parādnieku reģistrā par {creditor} parādu, lietas nr. {ref}. Summa ir apstrīdēta! Tas sabojās manu kredītvēsturi. Briesmīgi.',
      },
    ],
    praise: [
      {
        social: true,
        title: 'Paldies Lumera',
        text: 'Paldies Lumera darbiniecei – bija laipna, uzklausīja un piedāvāja maksājumu grafiku {creditor} parādam, lietas nr. {ref}. Ļoti palīdzēja!',
      },
      {
        title: 'Patīkami pārsteigta par Lumera',
        text: 'Baidījos zvanīt, bet Lumera darbinieks bija saprotošs un vienojāmies par maksājumu grafiku, ko varu atļauties, lietas nr. {ref}. Izpalīdzīgi un laipni. Paldies.',
      },
    ],
  },
  lt: {
    contact: [
      { social: true, title: 'Skambina kasdien', text: 'Lumera skambina kasdien dėl {creditor} skolos, bylos nr. {ref}. Jau sakiau, kad sumokėsiu 15 d. Užteks!' },
      {
        title: 'Lumera skambina kelis kartus per dieną – bylos nr. {ref}',
        text: 'Lumera skambina kelis kartus per dieną dėl {creditor} sąskaitos {amount} {cur}, bylos nr. {ref}. Paaiškinau, kad sumokėsiu mėnesio pabaigoje, bet skambučiai nesiliauja. Siaubingas aptarnavimas.',
      },
      {
        social: true,
        title: 'Nemandagus darbuotojas',
        text: 'Lumera darbuotojas buvo nemandagus ir rėkė ant manęs dėl skolos, bylos nr. {ref}. Norėjau susitarti dėl mokėjimo. Baisu.',
      },
    ],
    amount: [
      {
        title: 'Lumera reikalauja nesuprantamų mokesčių – bylos nr. {ref}',
        text: '{creditor} sąskaita buvo nedidelė, o dabar Lumera reikalauja {amount} {cur} su išieškojimo išlaidomis ir palūkanomis, bylos nr. {ref}. Jokio paaiškinimo. Neteisinga.',
      },
      {
        title: 'Neteisinga suma Lumera laiške',
        text: 'Gavau Lumera priminimą dėl {creditor} skolos, bylos nr. {ref}. Suma neteisinga – pusę sumokėjau pavasarį, o jie reikalauja visų {amount} {cur} ir mokesčių. Labai blogai.',
      },
      {
        social: true,
        title: 'Skola, kurios neturiu',
        text: 'Lumera teigia, kad esu skolingas {creditor} {amount} {cur}, bylos nr. {ref}. Niekada neturėjau su jais sutarties. Du kartus ginčijau, atsakymo nėra. Absurdas.',
      },
    ],
    legal: [
      {
        title: 'Lumera grasina teismu – bylos nr. {ref}',
        text: 'Lumera atsiuntė laišką, kad perduos bylą antstoliui, jei per 10 dienų nesumokėsiu {amount} {cur} {creditor}, bylos nr. {ref}. Siūliau mokėjimo grafiką, atsakymo negavau. Neteisinga ir baisu.',
      },
      {
        title: 'Grasina įrašu į skolininkų registrą',
        text: 'Lumera rašo, kad įtrauks mane į skolininkų registrą dėl {creditor} skolos, bylos nr. {ref}. Suma ginčijama! Tai sugadins mano kredito istoriją. Siaubinga.',
      },
    ],
    praise: [
      { social: true, title: 'Ačiū Lumera', text: 'Ačiū Lumera darbuotojai – buvo maloni, išklausė ir pasiūlė mokėjimo grafiką {creditor} skolai, bylos nr. {ref}. Labai padėjo!' },
      {
        title: 'Maloniai nustebino Lumera',
        text: 'Bijojau skambinti, bet Lumera darbuotojas buvo supratingas ir susitarėme dėl mokėjimo grafiko, bylos nr. {ref}. Paslaugus ir malonus. Ačiū.',
      },
    ],
  },
  et: {
    contact: [
      { social: true, title: 'Helistavad iga päev', text: 'Lumera helistab iga päev {creditor} võla pärast, toimik nr {ref}. Ütlesin juba, et maksan 15. kuupäeval. Aitab!' },
      {
        title: 'Lumera helistab mitu korda päevas – toimik nr {ref}',
        text: 'Lumera helistab mitu korda päevas {creditor} arve pärast, {amount} {cur}, toimik nr {ref}. Selgitasin, et maksan kuu lõpus, aga kõned jätkuvad. Kohutav teenindus.',
      },
      {
        social: true,
        title: 'Ebaviisakas töötaja',
        text: 'Lumera töötaja oli ebaviisakas ja karjus minu peale võla pärast, toimik nr {ref}. Tahtsin maksmises kokku leppida. Kohutav.',
      },
    ],
    amount: [
      {
        title: 'Lumera nõuab arusaamatuid tasusid – toimik nr {ref}',
        text: '{creditor} arve oli väike, aga nüüd nõuab Lumera {amount} {cur} koos sissenõudmiskulude ja viivistega, toimik nr {ref}. Mingit selgitust pole. Ebaõiglane.',
      },
      {
        title: 'Vale summa Lumera meeldetuletuses',
        text: 'Sain Lumeralt meeldetuletuse {creditor} võla kohta, toimik nr {ref}. Summa on vale – poole maksin kevadel ära, aga nad nõuavad kogu {amount} {cur} ja tasusid. Väga halb.',
      },
      {
        social: true,
        title: 'Võlg, mida mul pole',
        text: 'Lumera väidab, et võlgnen {creditor} {amount} {cur}, toimik nr {ref}. Mul pole nendega kunagi lepingut olnud. Vaidlustasin kaks korda, vastust pole. Absurd.',
      },
    ],
    legal: [
      {
        title: 'Lumera ähvardab kohtuga – toimik nr {ref}',
        text: 'Lumera saatis kirja, et annab asja kohtutäiturile, kui ma 10 päeva jooksul ei maksa {amount} {cur} {creditor}, toimik nr {ref}. Pakkusin maksegraafikut, vastust ei tulnud. Ebaõiglane ja hirmutav.',
      },
      {
        title: 'Ähvardavad maksehäire registriga',
        text: 'Lumera kirjutab, et kannab mind maksehäirete registrisse {creditor} võla pärast, toimik nr {ref}. Summa on vaidlustatud! See rikub mu krediidiajaloo. Kohutav.',
      },
    ],
    praise: [
      { social: true, title: 'Aitäh Lumera', text: 'Aitäh Lumera töötajale – oli lahke, kuulas ära ja pakkus {creditor} võlale maksegraafikut, toimik nr {ref}. Väga abivalmis!' },
      {
        title: 'Meeldiv kogemus Lumeraga',
        text: 'Kartsin helistada, aga Lumera töötaja oli mõistev ja leppisime kokku maksegraafiku, mida jõuan maksta, toimik nr {ref}. Abivalmis ja sõbralik. Aitäh.',
      },
    ],
  },
  fi: {
    contact: [
      { social: true, title: 'Soittavat joka päivä', text: 'Lumera soittaa joka päivä {creditor}-velasta, asianumero {ref}. Sanoin jo, että maksan 15. päivä. Riittää!' },
      {
        title: 'Lumera soittaa monta kertaa päivässä – asia {ref}',
        text: 'Lumera soittaa monta kertaa päivässä {creditor}-laskusta, {amount} {cur}, asianumero {ref}. Kerroin maksavani kuun lopussa, mutta soitot jatkuvat. Surkeaa palvelua.',
      },
      { social: true, title: 'Töykeä virkailija', text: 'Lumeran virkailija oli töykeä ja huusi minulle velasta, asianumero {ref}. Yritin sopia maksusta. Kamalaa.' },
    ],
    amount: [
      {
        title: 'Lumera vaatii käsittämättömiä kuluja – asia {ref}',
        text: '{creditor}-lasku oli pieni, mutta nyt Lumera vaatii {amount} {cur} perintäkuluineen ja korkoineen, asianumero {ref}. Mitään erittelyä ei ole. Kohtuutonta.',
      },
      {
        title: 'Väärä summa Lumeran muistutuksessa',
        text: 'Sain Lumeralta maksumuistutuksen {creditor}-velasta, asianumero {ref}. Summa on väärä – maksoin puolet keväällä, mutta he vaativat koko {amount} {cur} ja kulut. Todella huonoa.',
      },
      {
        social: true,
        title: 'Velka, jota minulla ei ole',
        text: 'Lumera väittää, että olen velkaa {amount} {cur} yhtiölle {creditor}, asianumero {ref}. Minulla ei ole koskaan ollut sopimusta heidän kanssaan. Riitautin kahdesti, ei vastausta. Järjetöntä.',
      },
    ],
    legal: [
      {
        title: 'Lumera uhkaa ulosotolla – asia {ref}',
        text: 'Lumera lähetti kirjeen, että asia siirtyy ulosottoon, jos en maksa {amount} {cur} 10 päivässä, asianumero {ref}, velkojana {creditor}. Ehdotin maksusuunnitelmaa, eikä kukaan vastannut. Epäreilua ja pelottavaa.',
      },
      {
        title: 'Uhkaavat maksuhäiriömerkinnällä',
        text: 'Lumera kirjoittaa, että minulle tulee maksuhäiriömerkintä {creditor}-velasta, asianumero {ref}. Summa on riitautettu! Tämä pilaa luottotietoni. Kamalaa.',
      },
    ],
    praise: [
      {
        social: true,
        title: 'Kiitos Lumera',
        text: 'Kiitos Lumeran virkailijalle – oli ystävällinen, kuunteli ja tarjosi maksusuunnitelmaa {creditor}-velkaan, asianumero {ref}. Auttoi todella!',
      },
      {
        title: 'Positiivinen kokemus Lumerasta',
        text: 'Jännitti soittaa, mutta Lumeran virkailija oli ymmärtäväinen ja sovimme maksusuunnitelmasta, johon minulla on varaa, asianumero {ref}. Avulias ja ystävällinen. Kiitos.',
      },
    ],
  },
  sv: {
    contact: [
      { social: true, title: 'Ringer varje dag', text: 'Lumera ringer varje dag om skulden till {creditor}, ärende {ref}. Jag har redan sagt att jag betalar den 25:e. Sluta!' },
      {
        title: 'Lumera ringer flera gånger om dagen – ärende {ref}',
        text: 'Lumera ringer flera gånger om dagen om en faktura från {creditor} på {amount} {cur}, ärende {ref}. Jag har förklarat att jag betalar i slutet av månaden, men samtalen fortsätter. Usel service.',
      },
      {
        social: true,
        title: 'Otrevlig handläggare',
        text: 'Handläggaren på Lumera var otrevlig och skrek åt mig om skulden, ärende {ref}. Jag ville bara göra upp om betalning. Fruktansvärt.',
      },
    ],
    amount: [
      {
        title: 'Lumera kräver obegripliga avgifter – ärende {ref}',
        text: 'Fakturan från {creditor} var liten, men nu kräver Lumera {amount} {cur} med inkassoavgifter och ränta, ärende {ref}. Ingen specifikation alls. Orimligt.',
      },
      {
        title: 'Fel belopp i inkassobrevet från Lumera',
        text: 'Fick ett inkassobrev från Lumera om skulden till {creditor}, ärende {ref}. Beloppet är fel – jag betalade halva i våras men de kräver hela {amount} {cur} plus avgifter. Riktigt dåligt.',
      },
      {
        social: true,
        title: 'En skuld jag aldrig haft',
        text: 'Lumera påstår att jag är skyldig {creditor} {amount} {cur}, ärende {ref}. Jag har aldrig haft något avtal med dem. Bestridit två gånger, inget svar. Absurt.',
      },
    ],
    legal: [
      {
        title: 'Lumera hotar med Kronofogden – ärende {ref}',
        text: 'Lumera skickade ett brev om att ärendet lämnas till Kronofogden om jag inte betalar {amount} {cur} till {creditor} inom 10 dagar, ärende {ref}. Jag föreslog en avbetalningsplan men fick inget svar. Orättvist och skrämmande.',
      },
      {
        title: 'Hotar med betalningsanmärkning',
        text: 'Lumera skriver att jag får en betalningsanmärkning för skulden till {creditor}, ärende {ref}. Beloppet är bestridt! Det förstör min kreditvärdighet. Fruktansvärt.',
      },
    ],
    praise: [
      {
        social: true,
        title: 'Tack Lumera',
        text: 'Tack till handläggaren på Lumera – vänlig, lyssnade och erbjöd en avbetalningsplan för skulden till {creditor}, ärende {ref}. Jättehjälpsam!',
      },
      {
        title: 'Positiv upplevelse av Lumera',
        text: 'Jag var nervös inför samtalet, men handläggaren på Lumera var förstående och vi kom överens om en avbetalningsplan jag har råd med, ärende {ref}. Hjälpsam och trevlig. Tack.',
      },
    ],
  },
};
