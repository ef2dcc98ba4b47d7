import { describe, expect, it } from 'vitest';
import { ConfigWarnings } from '../../../dashboard/components/notices.tsx';
import { channelWarnings, digestWarnings } from '../../../dashboard/lib/config-warnings.ts';
import { parseConfig } from '../../../src/core/config.ts';
import { checkXml, render } from './well-formed.ts';

const config = (env: Record<string, string>) => {
  const parsed = parseConfig({ LOG_LEVEL: 'silent', ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
};

describe('warnings about what the server is not configured for', () => {
  it('says, where it matters, that mail or the secret key is missing', () => {
    const bare = config({});
    expect(digestWarnings(bare)).toEqual([expect.stringMatching(/^No mail server is set .*not sent to anyone\.$/)]);
    expect(channelWarnings(bare)).toEqual([
      expect.stringMatching(/^No mail server is set/),
      expect.stringMatching(/^EARSHOT_SECRET_KEY is not set: webhook and Slack channels cannot be added/),
    ]);
    const ready = config({ SMTP_URL: 'smtp://127.0.0.1:2525', EARSHOT_SECRET_KEY: 'a-secret-key-of-enough-length-0123456789' });
    expect(digestWarnings(ready)).toEqual([]);
    expect(channelWarnings(ready)).toEqual([]);
  });

  it('renders them as a note, and nothing when there is none', async () => {
    const html = await render(<ConfigWarnings warnings={['EARSHOT_SECRET_KEY is not set: <b>x</b>']} />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('data-testid="config-warning"');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(await render(<ConfigWarnings warnings={[]} />)).toBe('');
  });
});
