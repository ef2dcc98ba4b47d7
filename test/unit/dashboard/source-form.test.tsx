import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SettingsFields } from '../../../dashboard/components/source-form.tsx';
import { fieldLabel, fieldsFor, fieldsForKind, kindChoices, plainProblems, readSettings, readSourceForm, splitList } from '../../../dashboard/lib/source-form.ts';
import { POLLED_KINDS, settingsFor } from '../../../src/sources/registry.ts';
import { checkXml, render } from './well-formed.ts';

const sample = z
  .object({
    query: z.string().trim().min(1),
    api_key: z.string().min(1),
    tags: z.string().optional(),
    include_replies: z.boolean().default(true),
    lookback_days: z.number().int().default(30),
    countries: z
      .array(
        z
          .string()
          .trim()
          .transform((s) => s.toLowerCase()),
      )
      .min(1),
    order: z.enum(['newest', 'top']).default('newest'),
    app_id: z.union([z.string(), z.number()]).transform(String),
    headers: z.record(z.string(), z.string()).optional(),
    api_base: z
      .string()
      .trim()
      .transform((s) => s.replace(/\/+$/, ''))
      .default('https://api.example.com'),
  })
  .strict()
  .refine((c) => c.query !== 'x', { message: 'not x' });

const byName = <T extends { name: string }>(list: T[]) => Object.fromEntries(list.map((f) => [f.name, f]));

/** The markup a form renders must be well formed and free of inline script or style (the CSP forbids both). */
function expectCleanMarkup(html: string) {
  expect(checkXml(html).problems).toEqual([]);
  expect(html).not.toMatch(/\sstyle=|<script|\son[a-z]+=/i);
}

describe('fieldsFor: controls from a zod schema', () => {
  it('maps each field of an object schema, through refinements, defaults, optionals and pipes', () => {
    const f = byName(fieldsFor(sample, ['api_key', 'headers']));
    expect(Object.keys(f)).toEqual(['query', 'api_key', 'tags', 'include_replies', 'lookback_days', 'countries', 'order', 'app_id', 'headers', 'api_base']);
    expect(f.query).toMatchObject({ kind: 'text', required: true, secret: false, label: 'Query' });
    expect(f.api_key).toMatchObject({ kind: 'password', required: true, secret: true, label: 'API key' });
    expect(f.tags).toMatchObject({ kind: 'text', required: false });
    expect(f.include_replies).toMatchObject({ kind: 'checkbox', required: false, defaultValue: true });
    expect(f.lookback_days).toMatchObject({ kind: 'number', required: false, defaultValue: 30 });
    expect(f.countries).toMatchObject({ kind: 'list', required: true });
    expect(f.order).toMatchObject({ kind: 'select', options: ['newest', 'top'], defaultValue: 'newest' });
    expect(f.app_id).toMatchObject({ kind: 'text', required: true });
    expect(f.headers).toMatchObject({ kind: 'json', secret: true, required: false });
    expect(f.api_base).toMatchObject({ kind: 'text', required: false, defaultValue: 'https://api.example.com', label: 'API base' });
  });

  it('a schema that is not an object is one JSON box for the whole config', () => {
    expect(fieldsFor(z.record(z.string(), z.unknown()), [])).toEqual([{ name: '', label: 'Settings (JSON)', kind: 'json', required: false, secret: false }]);
  });

  it('gives every real kind a control per setting, credentials as password inputs', () => {
    for (const kind of [...POLLED_KINDS, 'push' as const]) {
      const fields = fieldsForKind(kind)!;
      const s = settingsFor(kind)!;
      for (const secret of s.secrets) expect(fields.find((f) => f.name === secret)?.secret, `${kind}.${secret}`).toBe(true);
      for (const f of fields) if (f.secret && f.kind !== 'json') expect(f.kind, `${kind}.${f.name}`).toBe('password');
    }
    expect(fieldsForKind('rss')).toEqual([]);
    expect(byName(fieldsForKind('reddit')!).subreddits).toMatchObject({ kind: 'list', required: false });
    expect(byName(fieldsForKind('cfpb')!).has_narrative).toMatchObject({ kind: 'checkbox', defaultValue: true });
    expect(byName(fieldsForKind('cfpb')!).lookback_days).toMatchObject({ kind: 'number' });
    expect(byName(fieldsForKind('mastodon')!).hashtags).toMatchObject({ kind: 'list', required: false });
    expect(byName(fieldsForKind('json')!).headers).toMatchObject({ kind: 'json', secret: true });
    expect(byName(fieldsForKind('app_store')!).app_id).toMatchObject({ kind: 'text', required: true, label: 'App ID' });
  });

  it('offers every polled kind by its title, then push', () => {
    const choices = kindChoices();
    expect(choices.map((c) => c.kind)).toEqual([...POLLED_KINDS, 'push']);
    expect(choices[0]).toEqual({ kind: 'rss', title: 'RSS or Atom feed' });
  });

  it('labels: words, with acronyms in capitals', () => {
    expect(fieldLabel('business_unit_id')).toBe('Business unit ID');
    expect(fieldLabel('video_ids')).toBe('Video IDs');
    expect(fieldLabel('text_is_html')).toBe('Text is HTML');
  });
});

describe('SettingsFields: the rendered controls', () => {
  const fields = fieldsFor(sample, ['api_key', 'headers']);

  it('renders a fresh form with labels, hints and defaults, as clean markup', async () => {
    const html = await render(<SettingsFields fields={fields} values={null} />);
    expectCleanMarkup(html);
    expect(html).toContain('<label for="cfg-query">Query</label>');
    expect(html).toMatch(/<input id="cfg-query" name="config.query" aria-describedby="cfg-query-hint" type="text" autocomplete="off" value="" required=""/);
    expect(html).toMatch(/<input id="cfg-api_key" name="config.api_key"[^>]* type="password" autocomplete="new-password" required=""/);
    expect(html).toMatch(/<input id="cfg-include_replies" name="config.include_replies" type="checkbox" value="on" checked=""/);
    expect(html).toMatch(/<input id="cfg-lookback_days"[^>]* type="number"[^>]* placeholder="30"/);
    expect(html).toMatch(/<textarea id="cfg-countries" name="config.countries"[^>]*><\/textarea>/);
    expect(html).toMatch(
      /<select id="cfg-order" name="config.order"[^>]*><option value="">\(none\)<\/option><option value="newest" selected="">newest<\/option><option value="top">top<\/option><\/select>/,
    );
    expect(html).toMatch(/<textarea id="cfg-headers" name="config.headers"[^>]* class="mono"/);
    expect(html).toContain('placeholder="https://api.example.com"');
    expect(html).toContain('<span class="optional"> (optional)</span>');
    expect(html).toContain('One per line, or separated by commas.');
    expect(html).not.toContain('Enter it again');
  });

  it('shows entered values again, escaped, but never a credential', async () => {
    const hostile = '"><script>alert(1)</script>';
    const body = {
      'config.query': hostile,
      'config.api_key': 'hunter2-secret',
      'config.headers': '{"X-Key": "also-secret"}',
      'config.countries': 'se\n</textarea><script>x</script>',
      'config.order': 'top',
      'config.lookback_days': '7',
    };
    const { values } = readSettings(fields, body);
    const html = await render(<SettingsFields fields={fields} values={values} />);
    expectCleanMarkup(html);
    expect(html).not.toContain('hunter2-secret');
    expect(html).not.toContain('also-secret');
    expect(html).not.toContain('<script');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('se\n&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>');
    expect(html).toMatch(/<option value="top" selected="">/);
    expect(html).not.toMatch(/<option value="newest" selected/);
    // An unchecked box stays unchecked (not back to its default).
    expect(html).not.toMatch(/name="config.include_replies"[^>]*checked/);
    expect(html).toContain('Enter it again');
  });

  it('a kind without settings says so', async () => {
    expect(await render(<SettingsFields fields={[]} values={null} />)).toContain('has no settings');
  });
});

describe('readSettings: the posted form as a config object', () => {
  const fields = fieldsFor(sample, ['api_key', 'headers']);

  it('leaves empty fields out, reads numbers, lists, checkboxes and JSON', () => {
    const { config, problems } = readSettings(fields, {
      'config.query': ' lumera ',
      'config.api_key': 'k',
      'config.tags': '   ',
      'config.lookback_days': '7',
      'config.countries': 'SE, fi\nlv\n\n',
      'config.headers': '{"X-Key": "v"}',
      'config.app_id': '123',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({ query: ' lumera ', api_key: 'k', include_replies: false, lookback_days: 7, countries: ['SE', 'fi', 'lv'], headers: { 'X-Key': 'v' }, app_id: '123' });
    // What the adapter's schema then makes of it: its own trimming, defaults and transforms.
    expect(sample.parse(config)).toMatchObject({ query: 'lumera', countries: ['se', 'fi', 'lv'], order: 'newest', api_base: 'https://api.example.com' });
  });

  it('reports JSON that does not parse', () => {
    expect(readSettings(fields, { 'config.headers': '{nope' }).problems).toEqual(['Headers: is not valid JSON']);
    const whole = fieldsFor(z.record(z.string(), z.unknown()), []);
    expect(readSettings(whole, { config: '{"a": 1}' }).config).toEqual({ a: 1 });
    expect(readSettings(whole, { config: '[1]' }).problems).toHaveLength(1);
  });

  it('splits lists on lines and commas', () => {
    expect(splitList(' a ,b\r\nc,,\n')).toEqual(['a', 'b', 'c']);
  });
});

describe('readSourceForm: name, url, interval', () => {
  it('accepts a good feed form, with the interval in minutes', () => {
    const r = readSourceForm('rss', { name: ' Forum ', url: 'https://forum.example.com/feed.xml', interval: '30' });
    expect(r.problems).toEqual([]);
    expect(r.input).toEqual({ name: 'Forum', kind: 'rss', brand: null, url: 'https://forum.example.com/feed.xml', poll_interval_seconds: 1800, config: {} });
    expect(readSourceForm('rss', { name: 'F', url: 'https://a.example/' }).input?.poll_interval_seconds).toBe(900);
  });

  it('says what is wrong in words', () => {
    const r = readSourceForm('rss', { name: '', url: 'javascript:alert(1)', interval: '0' });
    expect(r.input).toBeNull();
    expect(r.problems).toEqual(['The address must be an http:// or https:// URL', 'Give the source a name', 'Poll at most once a minute']);
    expect(readSourceForm('rss', { name: 'x' }).problems).toEqual(['Give the address of the feed or API (url)']);
    // Left unnamed, a feed is called after its address's host.
    expect(readSourceForm('rss', { name: ' ', url: 'https://forum.example.com/feed.xml' }).input).toMatchObject({ name: 'forum.example.com' });
    expect(readSourceForm('push', { name: '' }).problems).toEqual(['Give the source a name']);
    // Testing needs no name.
    expect(readSourceForm('rss', { url: 'https://a.example/' }, false).problems).toEqual([]);
  });

  it('ignores url and interval for kinds that have none', () => {
    const r = readSourceForm('push', { name: 'Webhook', url: 'https://ignored.example/', interval: 'nonsense' });
    expect(r.problems).toEqual([]);
    expect(r.input).toMatchObject({ url: undefined, config: {} });
  });

  it('turns shared validation messages into one line per field, by label', () => {
    expect(plainProblems('config.client_id: client_id is required; config.subreddits.0: bad name; url: a rss source needs a url')).toEqual([
      'Client ID: client_id is required',
      'Subreddits.0: bad name',
      'URL: a rss source needs a url',
    ]);
  });
});
