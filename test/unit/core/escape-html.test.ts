import { describe, expect, it } from 'vitest';
import { emailOf, type Notification } from '../../../src/core/alerts/notify.ts';
import type { Digest } from '../../../src/core/digest/build-digest.ts';
import { renderDigest } from '../../../src/core/digest/render-digest.ts';
import { escapeHtml } from '../../../src/core/escape-html.ts';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img onerror=x>', '&quot;&gt;&lt;img onerror&#61;x&gt;'],
    ['`x`', '&#96;x&#96;'],
    ['&amp;', '&amp;amp;'],
    ["it's", 'it&#39;s'],
    [null, ''],
  ])('%j → %j', (input, out) => {
    expect(escapeHtml(input)).toBe(out);
  });
});

describe('the HTML Earshot writes as strings', () => {
  const TITLE = `Fees <b>&</b> "rude" 'agent' onerror=x`;
  const REASON = `<img src=x> & "quoted" 'single'`;
  const ESCAPED_TITLE = 'Fees &lt;b&gt;&amp;&lt;/b&gt; &quot;rude&quot; &#39;agent&#39; onerror&#61;x';
  const ESCAPED_REASON = '&lt;img src&#61;x&gt; &amp; &quot;quoted&quot; &#39;single&#39;';
  const OPENED = Date.UTC(2026, 10, 17, 9);

  it('escapes <>&"\' the same way in an alert e-mail and in the weekly digest', () => {
    const notification: Notification = {
      type: 'alert.opened',
      delivery_id: 1,
      alert: {
        id: 7,
        title: TITLE,
        severity: 'high',
        status: 'open',
        rule_kind: 'escalation',
        reasons: [REASON],
        market: 'lv',
        source_kind: 'rss',
        mention_count: 1,
        opened_at: new Date(OPENED).toISOString(),
        url: null,
      },
    };
    const digest: Digest = {
      week: { year: 2026, week: 47 },
      weekLabel: '2026-W47',
      range: { from: Date.UTC(2026, 10, 16), to: Date.UTC(2026, 10, 23) },
      role: 'comms',
      timeZone: 'UTC',
      language: 'en',
      baseUrl: null,
      generatedAt: Date.UTC(2026, 10, 23, 7),
      attention: {
        items: [
          {
            id: 7,
            title: TITLE,
            severity: 'high',
            ruleKind: 'escalation',
            market: 'lv',
            reasons: [REASON],
            mentionCount: 1,
            openedAt: OPENED,
            isNew: true,
            status: 'open',
            url: null,
          },
        ],
        more: 0,
        total: 1,
        unresolved: 1,
      },
    };
    const mail = emailOf(notification, 'Earshot <earshot@localhost>', ['ana@example.com'], 'k').html;
    const { html } = renderDigest(digest);
    for (const out of [mail, html]) {
      expect(out).toContain(ESCAPED_TITLE);
      expect(out).toContain(ESCAPED_REASON);
      expect(out).not.toContain('<b>&</b>');
      expect(out).not.toContain("'agent'");
    }
  });
});
