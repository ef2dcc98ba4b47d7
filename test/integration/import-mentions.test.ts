import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMentions } from '../../db/queries/mention-list.ts';
import { getSourceByName, insertSource } from '../../db/queries/sources.ts';
import type { BadRow } from '../../src/core/ingest/import-rows.ts';
import { importMentionsFile } from '../../src/cli/import-file.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

const dir = mkdtempSync(join(tmpdir(), 'earshot-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(deps: Awaited<ReturnType<typeof makeTestDeps>>['deps'], path: string, source = 'Lumera import', extra: { map?: string; format?: string } = {}) {
  const bad: BadRow[] = [];
  const summary = await importMentionsFile(deps, { path, source, ...extra }, { onBadRow: (b) => bad.push(b) });
  return { summary, bad };
}

async function texts(deps: Awaited<ReturnType<typeof makeTestDeps>>['deps'], source: string) {
  const s = await getSourceByName(deps.db, source);
  const page = await listMentions(deps.db, { sourceId: s!.id }, { limit: 100, cursor: null });
  return page.items;
}

// A BOM, CRLF line ends, a quoted field with a comma, escaped quotes and a line break, a bad row in the middle.
const CSV = [
  '\uFEFFexternal_id,text,url,published_at,language',
  'en-1,"Lumera called me, again, about ""the"" old invoice.\r\nThey were polite this time.",https://example.com/en/1,2024-05-01T09:30:00Z,en',
  'sv-1,Lumera skickade en påminnelse om fakturan.,https://example.com/sv/1,1714557600,sv',
  'bad-1,Lumera,not a url,,en',
  'fi-1,Lumera soitti kolme kertaa samana päivänä.,,1714557600000,fi',
  'lv-1,Lumera piedāvāja maksājumu grafiku.,https://example.com/lv/1,,lv',
].join('\r\n');

describe('importing mentions from a file', () => {
  it('imports a CSV with BOM, CRLF and a multi-line quoted field; a bad row is reported by line and skipped', async () => {
    const { deps } = await makeTestDeps();
    const { summary, bad } = await run(deps, file('mentions.csv', CSV));
    expect(summary).toMatchObject({ read: 5, new: 4, updated: 0, unchanged: 0, skipped: 1, stoppedAt: null, source: { created: true } });
    // The multi-line record spans lines 2–3, so the bad row is on line 5.
    expect(bad).toEqual([{ line: 5, reason: 'url: invalid URL' }]);

    const source = await getSourceByName(deps.db, 'Lumera import');
    expect(source).toMatchObject({ kind: 'push' });
    const stored = await texts(deps, 'Lumera import');
    const en = stored.find((m) => m.url === 'https://example.com/en/1')!;
    // Commas, doubled quotes and the line break survive (the break normalised as pushed text is).
    expect(en.text).toMatch(/^Lumera called me, again, about "the" old invoice\.\s+They were polite this time\.$/);
    expect(en.publishedAt).toBe(Date.parse('2024-05-01T09:30:00Z'));
    // Epoch seconds and epoch milliseconds land on the same instant.
    expect(stored.filter((m) => m.publishedAt === Date.parse('2024-05-01T10:00:00Z'))).toHaveLength(2);
    // Analysed like any pushed mention.
    expect(stored.every((m) => m.analyserVersion)).toBe(true);
    expect(stored.find((m) => m.text.startsWith('Lumera soitti'))!.language).toBe('fi');
  });

  it('re-importing the same file changes nothing; an edited row updates', async () => {
    const { deps } = await makeTestDeps();
    const path = file('again.csv', CSV);
    await run(deps, path);
    expect((await run(deps, path)).summary).toMatchObject({ read: 5, new: 0, updated: 0, unchanged: 4, skipped: 1, source: { created: false } });

    const edited = file('edited.csv', CSV.replace('Lumera skickade en påminnelse om fakturan.', 'Lumera skickade en andra påminnelse om fakturan.'));
    expect((await run(deps, edited)).summary).toMatchObject({ new: 0, updated: 1, unchanged: 3 });
    const sv = (await texts(deps, 'Lumera import')).filter((m) => m.url === 'https://example.com/sv/1');
    expect(sv.map((m) => m.text)).toEqual(['Lumera skickade en andra påminnelse om fakturan.']);
  });

  it('counts rows that copy mentions of another source as duplicates', async () => {
    const { deps } = await makeTestDeps();
    const path = file('twice.csv', CSV);
    await run(deps, path, 'Lumera first');
    // The three rows with a URL are the same stories; the one without a URL or title is new here.
    expect((await run(deps, path, 'Lumera second')).summary).toMatchObject({ read: 5, new: 1, duplicates: 3, skipped: 1 });
  });

  it('imports JSON Lines with mapped names; bad lines (not JSON, not an object, no text, bad date) are skipped', async () => {
    const { deps } = await makeTestDeps();
    const lines = [
      JSON.stringify({ id: 101, body: 'Lumera zadzwoniła w sprawie zaległej raty.', when: 1714557600, lang: 'pl' }),
      '{"id": 102, "body": "SECRET not json',
      '',
      '[1, 2]',
      JSON.stringify({ id: 103, when: 1714557600 }),
      JSON.stringify({ id: 104, body: 'Lumera was helpful on the phone.', when: 'last Tuesday' }),
      JSON.stringify({ id: 105, body: 'Lumera atkal atsūtīja vēstuli.', when: '2024-05-02', lang: 'lv' }),
    ].join('\n');
    const path = file('mentions.ndjson', '\uFEFF' + lines + '\n');
    const { summary, bad } = await run(deps, path, 'Lumera JSONL', { map: 'text=body,published_at=when,external_id=id,language=lang' });
    expect(summary).toMatchObject({ read: 6, new: 2, skipped: 4 });
    expect(bad).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 4, reason: 'not a JSON object' },
      { line: 5, reason: 'text (column "body"): missing' },
      { line: 6, reason: 'published_at (column "when"): not a date (ISO 8601 with a time zone, or epoch seconds or milliseconds)' },
    ]);
    expect(JSON.stringify(bad)).not.toContain('SECRET');
    const stored = await texts(deps, 'Lumera JSONL');
    expect(stored.map((m) => m.publishedAt).sort()).toEqual([Date.parse('2024-05-01T10:00:00Z'), Date.parse('2024-05-02T00:00:00Z')]);
    expect((await run(deps, path, 'Lumera JSONL', { map: 'text=body,published_at=when,external_id=id,language=lang' })).summary).toMatchObject({ new: 0, unchanged: 2 });
  });

  it('reads LF files, mixed line ends and blank lines, across several batches', async () => {
    const { deps } = await makeTestDeps();
    const rows = Array.from({ length: 1203 }, (_, i) => `lf-${i},Lumera notice number ${i} about an unpaid bill.,https://example.com/lf/${i}`);
    rows.splice(600, 0, ''); // a blank line, passed over
    // Lines: the header, 1,203 rows and the blank line (2–1205), then two rows ended by CRLF.
    const content = ['external_id,text,url', ...rows].join('\n') + '\nlast,"Lumera, the end.",\r\nempty,,\r\n';
    const { summary, bad } = await run(deps, file('big.csv', content), 'Lumera LF');
    expect(bad).toEqual([{ line: 1207, reason: 'text: missing' }]);
    expect(summary).toMatchObject({ read: 1205, new: 1204, skipped: 1 });
  });

  it('stops at a quoted field that never closes, keeping the rows before it', async () => {
    const { deps } = await makeTestDeps();
    const content = 'text,url\nLumera ringde.,https://example.com/q/1\n"Lumera never closes,https://example.com/q/2\nLumera again.,\n';
    const { summary, bad } = await run(deps, file('broken.csv', content), 'Lumera broken');
    expect(summary).toMatchObject({ read: 2, new: 1, skipped: 1, stoppedAt: 3 });
    expect(bad).toEqual([{ line: 3, reason: 'a quoted field opens here and is never closed, so the rest of the file cannot be read' }]);
  });

  it('a column count that does not match the header is a bad row', async () => {
    const { deps } = await makeTestDeps();
    const content = 'text,url\nLumera,https://example.com/c/1,extra\nLumera helped me.\nLumera kindly waited.,https://example.com/c/2\n';
    const { summary, bad } = await run(deps, file('columns.csv', content), 'Lumera columns');
    expect(bad).toEqual([
      { line: 2, reason: 'expected 2 columns, found 3' },
      { line: 3, reason: 'expected 2 columns, found 1' },
    ]);
    expect(summary).toMatchObject({ read: 3, new: 1, skipped: 2 });
  });

  it.each([
    ['a missing file', 'nope.csv', {}, 'cannot read'],
    ['an unknown extension', 'mentions.txt', {}, 'cannot tell the format'],
    ['an unknown --format', 'mentions.csv', { format: 'xml' }, '--format must be one of csv, jsonl'],
    ['a CSV without a text column', 'no-text.csv', {}, 'the file has no column "text"'],
    ['a bad --map', 'mentions.csv', { map: 'body' }, 'is not field=column'],
  ])('refuses %s before storing anything', async (_, name, extra, message) => {
    const { deps } = await makeTestDeps();
    file('mentions.txt', 'text\nLumera\n');
    file('no-text.csv', 'body,url\nLumera,\n');
    file('mentions.csv', CSV);
    await expect(run(deps, join(dir, name), 'Lumera refused', extra)).rejects.toThrow(message);
    expect(await getSourceByName(deps.db, 'Lumera refused')).toBeNull();
  });

  it('refuses a source that is not a push source', async () => {
    const { deps } = await makeTestDeps();
    await insertSource(deps.db, { name: 'Lumera feed', kind: 'rss', url: 'https://example.com/feed.xml' });
    await expect(run(deps, file('to-rss.csv', CSV), 'Lumera feed')).rejects.toThrow('of kind rss');
  });
});
