// The "Add a source" form without client script: each kind's settings fields are derived from its zod schema,
// and the posted form is read back into the config object the API would accept.
import { z } from 'zod';
import type { SourceKind } from '../../db/schema/constants.ts';
import { adapterFor, POLLED_KINDS, settingsFor } from '../../src/sources/registry.ts';
import type { CreateSourceInput } from '../../src/actions/sources/schemas.ts';

export type FieldKind = 'text' | 'password' | 'number' | 'checkbox' | 'list' | 'select' | 'json';

export interface FieldSpec {
  /** The config key; `''` stands for the whole config (a schema that is not a plain object). */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** A credential: a password input (or a JSON box) whose value is never sent back to the browser. */
  secret: boolean;
  /** The schema's default, used when the field is left empty (shown as a placeholder). */
  defaultValue?: unknown;
  /** For `select`. */
  options?: string[];
}

/** What the form shows back: field name → the text as entered (credentials never included). */
export type FieldValues = Record<string, string>;

/** The name of the form control for a config field; prefixed so settings never clash with name, url or _csrf. */
export const inputName = (field: string) => (field === '' ? 'config' : `config.${field}`);

// zod 4 keeps a schema's structure in `_zod.def`; only the few properties read here are typed.
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Looks through wrappers (optional, default, pipes and transforms, …) to the schema that reads the input. */
function unwrap(schema: z.ZodType): { leaf: z.ZodType; optional: boolean; defaultValue?: unknown } {
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  for (let depth = 0; depth < 20; depth++) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault') {
      if (d.type !== 'nullable') optional = true;
      if ((d.type === 'default' || d.type === 'prefault') && defaultValue === undefined) defaultValue = d.defaultValue;
      s = d.innerType!;
    } else if (d.type === 'catch' || d.type === 'readonly' || d.type === 'nonoptional') {
      s = d.innerType!;
    } else if (d.type === 'pipe') {
      // A transform or a second check runs after the input is read: the input's shape is the pipe's first half.
      s = d.in!;
    } else break;
  }
  return { leaf: s, optional, defaultValue };
}

const TEXTUAL = new Set(['string', 'number', 'enum', 'literal']);

/** How one field is entered. Anything without a simple control is typed as JSON. */
function kindOf(schema: z.ZodType, secret: boolean): Pick<FieldSpec, 'kind' | 'options'> {
  const leaf = unwrap(schema).leaf;
  const d = defOf(leaf);
  switch (d.type) {
    case 'string':
      return { kind: secret ? 'password' : 'text' };
    case 'number':
      return { kind: secret ? 'password' : 'number' };
    case 'boolean':
      return { kind: 'checkbox' };
    case 'enum':
      return { kind: 'select', options: Object.values(d.entries ?? {}).map(String) };
    case 'literal':
      return { kind: 'select', options: (d.values ?? []).map(String) };
    case 'union': {
      // e.g. an id given as a number or a string: typed as text, the schema converts it.
      const simple = (d.options ?? []).every((o) => TEXTUAL.has(defOf(unwrap(o).leaf).type));
      return simple ? { kind: secret ? 'password' : 'text' } : { kind: 'json' };
    }
    case 'array': {
      const element = defOf(unwrap(d.element!).leaf).type;
      return element === 'string' || element === 'enum' ? { kind: 'list' } : { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

const WORDS: Record<string, string> = { api: 'API', id: 'ID', ids: 'IDs', url: 'URL', html: 'HTML', json: 'JSON' };

/** `api_base` → `API base`, `has_narrative` → `Has narrative`. */
export function fieldLabel(name: string): string {
  const words = name
    .split('_')
    .filter(Boolean)
    .map((w) => WORDS[w] ?? w);
  if (words.length === 0) return name;
  const first = words[0]!;
  words[0] = first === first.toUpperCase() ? first : first[0]!.toUpperCase() + first.slice(1);
  return words.join(' ');
}

/** The form fields of a settings schema, in the schema's order; a non-object schema is one JSON box. */
export function fieldsFor(schema: z.ZodType, secrets: readonly string[]): FieldSpec[] {
  const top = unwrap(schema).leaf;
  const d = defOf(top);
  if (d.type !== 'object' || !d.shape) {
    return [{ name: '', label: 'Settings (JSON)', kind: 'json', required: false, secret: secrets.length > 0 }];
  }
  return Object.entries(d.shape).map(([name, field]) => {
    const secret = secrets.includes(name);
    const { optional, defaultValue } = unwrap(field);
    return { name, label: fieldLabel(name), required: !optional, secret, defaultValue, ...kindOf(field, secret) };
  });
}

/** The fields of a kind's settings; null for a kind that cannot be set up. */
export function fieldsForKind(kind: SourceKind): FieldSpec[] | null {
  const s = settingsFor(kind);
  return s ? fieldsFor(s.config, s.secrets) : null;
}

/** Splits a list box: one item per line, or separated by commas. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Reads the posted settings into a config object. Empty fields are left out, so the schema's defaults and
 * "optional" apply; a checkbox is false when absent (every field is always on the form). Values are passed on
 * as entered (the schema trims and checks them, with its own messages); only JSON that does not parse is
 * reported here.
 */
export function readSettings(fields: readonly FieldSpec[], body: Record<string, unknown>): { config: Record<string, unknown>; values: FieldValues; problems: string[] } {
  const config: Record<string, unknown> = {};
  const values: FieldValues = {};
  const problems: string[] = [];
  for (const f of fields) {
    const raw = body[inputName(f.name)];
    const text = typeof raw === 'string' ? raw : '';
    if (f.kind === 'checkbox') {
      config[f.name] = text !== '';
      values[f.name] = text !== '' ? 'on' : '';
      continue;
    }
    if (!f.secret) values[f.name] = text;
    if (text.trim() === '') continue;
    switch (f.kind) {
      case 'number':
        config[f.name] = Number(text.trim());
        break;
      case 'list':
        config[f.name] = splitList(text);
        break;
      case 'json':
        try {
          const parsed: unknown = JSON.parse(text);
          if (f.name === '') {
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(config, parsed);
            else problems.push('Settings: must be a JSON object such as {"query": "…"}');
          } else config[f.name] = parsed;
        } catch {
          problems.push(`${f.label}: is not valid JSON`);
        }
        break;
      default:
        config[f.name] = text;
    }
  }
  return { config, values, problems };
}

/** A default as the form shows it (a placeholder, or a list box's lines). */
export function defaultText(f: FieldSpec): string {
  const v = f.defaultValue;
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// ---- the fields every source has ----

/** The same limits as the API's CreateSource. */
const Name = z.string().trim().min(1, 'Give the source a name').max(100, 'The name must be at most 100 characters');
const HttpUrl = z.url({ protocol: /^https?$/, error: 'The address must be an http:// or https:// URL' }).max(2_000, 'The address must be at most 2000 characters');
/** The form asks for minutes (the API takes 60 to 86 400 seconds). */
const IntervalMinutes = z.coerce
  .number({ error: 'The poll interval must be a number of minutes' })
  .int('The poll interval must be a whole number of minutes')
  .min(1, 'Poll at most once a minute')
  .max(1_440, 'Poll at least once a day');
export const DEFAULT_INTERVAL_MINUTES = 15;

export interface KindChoice {
  kind: SourceKind;
  title: string;
}

/** The kinds the form offers: every polled kind by its title, then push. */
export function kindChoices(): KindChoice[] {
  return [
    ...POLLED_KINDS.map((kind) => ({ kind, title: adapterFor(kind)!.title })),
    { kind: 'push' as SourceKind, title: 'Push (mentions sent to Earshot through the API or a signed webhook)' },
  ];
}

/** A kind from the query or form, if the form offers it. */
export function choiceFor(kind: unknown): KindChoice | null {
  return kindChoices().find((c) => c.kind === kind) ?? null;
}

/** The form as entered, for showing it again. */
export interface SourceFormValues {
  kind: SourceKind;
  name: string;
  brand: string;
  url: string;
  interval: string;
  /** null: a fresh form (defaults apply). */
  settings: FieldValues | null;
}

/**
 * Reads the whole posted form for a kind: what it says, and what is wrong with it in plain words.
 * Testing a source needs no name, so `needName: false` leaves it unchecked.
 */
export function readSourceForm(
  kind: SourceKind,
  body: Record<string, unknown>,
  needName = true,
): { values: SourceFormValues; input: CreateSourceInput | null; problems: string[] } {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const needsUrl = settingsFor(kind)?.url === 'required';
  const polled = adapterFor(kind) !== null;
  const fields = fieldsForKind(kind) ?? [];
  const settings = readSettings(fields, body);
  const values: SourceFormValues = {
    kind,
    name: str('name'),
    brand: str('brand'),
    url: needsUrl ? str('url') : '',
    interval: polled ? str('interval') : '',
    settings: settings.values,
  };
  const problems: string[] = [];

  let url: string | null = null;
  if (needsUrl) {
    const u = HttpUrl.safeParse(values.url.trim());
    if (!values.url.trim()) problems.push('Give the address of the feed or API (url)');
    else if (!u.success) problems.push(u.error.issues[0]!.message);
    else url = u.data;
  }
  // A source left unnamed is called after its address's host ("forum.example.com"); rename it at will.
  const name = Name.safeParse(values.name.trim() || (url ? new URL(url).host : ''));
  if (needName && !name.success) problems.push(name.error.issues[0]!.message);
  let minutes = DEFAULT_INTERVAL_MINUTES;
  if (polled && values.interval.trim() !== '') {
    const m = IntervalMinutes.safeParse(values.interval.trim());
    if (m.success) minutes = m.data;
    else problems.push(m.error.issues[0]!.message);
  }
  problems.push(...settings.problems);
  // The action's own input: it checks it again with the one schema, and seals the credentials.
  const input =
    problems.length === 0
      ? { name: name.data ?? '', kind, brand: values.brand.trim() || null, url: url ?? undefined, poll_interval_seconds: minutes * 60, config: settings.config }
      : null;
  return { values, input, problems };
}

/** A kind as the source list names it. */
export function kindTitle(kind: SourceKind): string {
  return adapterFor(kind)?.title ?? (kind === 'push' ? 'Push (API or webhook)' : kind);
}

/**
 * A validation message from the shared checks (`config.client_id: …; url: …`) as one line per problem, each led
 * by the field's label as the form shows it, and starting with a capital as a sentence on the page does.
 */
export function plainProblems(message: string): string[] {
  return message
    .split('; ')
    .filter(Boolean)
    .map((p) =>
      p
        .replace(/^config\.([A-Za-z0-9_]+)((?:\.[^:\s]+)*): /, (_, f: string, rest: string) => `${fieldLabel(f)}${rest}: `)
        .replace(/^url: /, 'URL: ')
        .replace(/^kind: /, 'Kind: '),
    )
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1));
}
