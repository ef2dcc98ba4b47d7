import { describe, expect, it } from 'vitest';
import { ACTION_ROWS, actionKey, CASE_ROWS, validateItems } from '../../../src/core/cases/import-cases.ts';
import { toItem, type ColumnMap, type RowSpec } from '../../../src/core/ingest/import-rows.ts';

const identity = (spec: RowSpec<unknown>): ColumnMap => Object.fromEntries(spec.fields.map((f) => [f, f]));
const caseRow = (values: Record<string, unknown>) => toItem(values, identity(CASE_ROWS as RowSpec<unknown>), CASE_ROWS);
const actionRow = (values: Record<string, unknown>) => toItem(values, identity(ACTION_ROWS as RowSpec<unknown>), ACTION_ROWS);

const CASE = { case_ref: 'LV-40512377', creditor: 'Telia', segment: 'unable', country: 'lv', opened_at: '2026-01-05', status: 'open' };
const ACTION = { case_ref: 'LV-40512377', at: '2026-01-10T21:30:00+02:00', channel: 'sms', action_type: 'reminder' };

describe('case rows', () => {
  it('normalises a case: country upper-cased, a bare date at midnight UTC, optional fields absent as null', () => {
    const r = caseRow(CASE);
    expect(r).toEqual({
      ok: true,
      item: {
        caseRef: 'LV-40512377',
        creditor: 'Telia',
        segment: 'unable',
        country: 'LV',
        openedAt: Date.UTC(2026, 0, 5),
        closedAt: null,
        status: 'open',
        amount: null,
        currency: null,
        language: null,
        team: null,
        identifiers: [],
      },
    });
  });

  it('reads epoch seconds and milliseconds, an amount in text, a currency in any case', () => {
    const r = caseRow({ ...CASE, opened_at: '1767225600', closed_at: 1767225600000, amount: '1250.50', currency: 'eur', team: 'Riga 2' });
    expect(r.ok && r.item).toMatchObject({ openedAt: 1767225600000, closedAt: 1767225600000, amount: 1250.5, currency: 'EUR', team: 'Riga 2' });
  });

  it('splits identifier lists on ";" and normalises them (phones by the case country), dropping repeats', () => {
    const r = caseRow({ ...CASE, debtor_handles: '@IlzeB; ilzeb', debtor_emails: 'Ilze.Berzina@Example.test', debtor_phones: '20 000 001;+371 20000002' });
    expect(r.ok && r.item.identifiers).toEqual([
      { kind: 'handle', value: 'ilzeb' },
      { kind: 'email', value: 'ilze.berzina@example.test' },
      { kind: 'phone', value: '+37120000001' },
      { kind: 'phone', value: '+37120000002' },
    ]);
  });

  it('takes identifier lists as JSON arrays too', () => {
    const r = caseRow({ ...CASE, debtor_emails: ['a.b@example.test', ' '] });
    expect(r.ok && r.item.identifiers).toEqual([{ kind: 'email', value: 'a.b@example.test' }]);
  });

  it.each([
    [{ ...CASE, case_ref: undefined }, 'case_ref: missing'],
    [{ ...CASE, creditor: '  ' }, 'creditor: missing'],
    [{ ...CASE, segment: 'rich' }, 'segment: invalid option'],
    [{ ...CASE, status: 'lost' }, 'status: invalid option'],
    [{ ...CASE, country: 'Latvia' }, 'country: must be an ISO 3166 alpha-2 country code'],
    [{ ...CASE, opened_at: '5 January' }, 'opened_at: not a date'],
    [{ ...CASE, closed_at: '2026-13-45' }, 'closed_at: not a date'],
    [{ ...CASE, amount: 'a lot' }, 'amount: must be a number'],
    [{ ...CASE, currency: 'euro' }, 'currency: must be an ISO 4217 currency code'],
    [{ ...CASE, debtor_emails: 'SECRET-NOT-AN-EMAIL' }, 'debtor_emails: not an e-mail address'],
    [{ ...CASE, debtor_phones: '12' }, 'debtor_phones: not a phone number'],
    [{ ...CASE, debtor_handles: 'has space' }, 'debtor_handles: not a handle'],
  ])('refuses a bad row with its reason (%#)', (values, reason) => {
    const r = caseRow(values);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(reason);
      expect(r.reason).not.toContain('SECRET');
    }
  });
});

describe('action rows', () => {
  it('normalises an action', () => {
    expect(actionRow({ ...ACTION, agent: 'agent7' })).toEqual({
      ok: true,
      item: { caseRef: 'LV-40512377', at: Date.UTC(2026, 0, 10, 19, 30), channel: 'sms', actionType: 'reminder', team: null, agent: 'agent7', outcome: null },
    });
  });

  it.each([
    [{ ...ACTION, case_ref: '' }, 'case_ref: missing'],
    [{ ...ACTION, at: undefined }, 'at: missing'],
    [{ ...ACTION, at: 'yesterday' }, 'at: not a date'],
    [{ ...ACTION, channel: 'fax' }, 'channel: invalid option'],
    [{ ...ACTION, action_type: 'threat' }, 'action_type: invalid option'],
  ])('refuses a bad row with its reason (%#)', (values, reason) => {
    const r = actionRow(values);
    expect(!r.ok && r.reason).toContain(reason);
  });

  it('keys an action by time, channel, type and agent (not team or outcome)', () => {
    const a = { at: 1, channel: 'sms', actionType: 'reminder', agent: 'agent7' } as const;
    expect(actionKey(a)).toBe(actionKey({ ...a }));
    expect(actionKey(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(actionKey({ ...a, agent: null })).not.toBe(actionKey(a));
    expect(actionKey({ ...a, at: 2 })).not.toBe(actionKey(a));
    expect(actionKey({ ...a, channel: 'letter' })).not.toBe(actionKey(a));
    expect(actionKey({ ...a, actionType: 'letter' })).not.toBe(actionKey(a));
  });
});

describe('validateItems (the API)', () => {
  it('keeps good items by index and reports bad ones by index and reason', () => {
    const r = validateItems([CASE, 'text', { ...CASE, segment: 'x' }, { ...CASE, case_ref: 'LV-2' }], CASE_ROWS);
    expect(r.items.map((i) => i.index)).toEqual([0, 3]);
    expect(r.bad).toEqual([
      { index: 1, reason: 'not an object' },
      { index: 2, reason: expect.stringContaining('segment: invalid option') },
    ]);
  });
});
