import type { Config } from '../config.ts';
import { httpMailer } from './http-mailer.ts';
import { unconfiguredMailer, type Mailer } from './mailer.ts';

/** The runtime-neutral choice: the HTTP e-mail API when configured. (Node prefers SMTP when SMTP_URL is set.) */
export function mailerFromConfig(fetchFn: typeof fetch, config: Config): Mailer {
  const { apiUrl, apiKey } = config.mail;
  return apiUrl && apiKey ? httpMailer(fetchFn, { url: apiUrl, apiKey }) : unconfiguredMailer;
}
