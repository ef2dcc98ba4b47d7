import { describe, expect, it } from 'vitest';
import { DigestPage } from '../../../dashboard/pages/digest.tsx';
import { checkXml, render } from './well-formed.ts';

const admin = { id: 1, email: 'admin@lumera.example', name: 'Admin', role: 'admin' as const, creditor: null };
const T = Date.UTC(2026, 10, 23, 7, 0, 0);
const send = (id: number, o: Partial<{ status: 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null; sentAt: number | null }>) => ({
  id,
  email: `r${id}@lumera.example`,
  week: '2026-W47',
  role: 'comms' as const,
  status: o.status ?? 'sent',
  attempts: o.attempts ?? 1,
  nextAttemptAt: T,
  lastError: o.lastError ?? null,
  messageId: null,
  sentAt: o.sentAt ?? null,
  createdAt: T,
});

describe('the digest page for admins', () => {
  const page = (sends: ReturnType<typeof send>[]) =>
    render(
      <DigestPage
        user={admin}
        csrfToken="tok"
        values={{ week: '2026-W47', role: 'admin', language: 'en', time_zone: 'UTC' }}
        roles={['admin']}
        preview={null}
        problem={null}
        previewPath="/digest/preview"
        config={{ settings: { cron: '0 7 * * 1', timeZone: 'Europe/Riga', sender: null, enabled: true }, recipients: [], sends }}
        flash={null}
      />,
    );

  it('lists what became of each scheduled send, its error escaped', async () => {
    const html = await page([
      send(3, { status: 'sent', sentAt: T }),
      send(2, { status: 'pending', attempts: 2, lastError: 'SMTP 451 <try later>' }),
      send(1, { status: 'failed', attempts: 6, lastError: 'mailbox unavailable' }),
    ]);
    expect(checkXml(html).problems).toEqual([]);
    const rows = [...html.matchAll(/<tr data-status="(\w+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['sent', 'pending', 'failed']);
    expect(html).toContain('Sent 2026-11-23T07:00:00Z');
    expect(html).toContain('Retrying after: SMTP 451 &lt;try later&gt;');
    expect(html).toContain('Given up: mailbox unavailable');
  });

  it('says when nothing has been sent yet', async () => {
    const html = await page([]);
    expect(html).toContain('data-testid="no-sends"');
    expect(html).not.toContain('data-testid="digest-sends"');
  });
});
