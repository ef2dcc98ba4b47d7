import type { Config } from '../../src/core/config.ts';

// What the server's configuration lacks for a feature, in words, for the page where it matters.

const noMail = (c: Config) => !c.mail.smtpUrl && !c.mail.apiUrl;

/** The digest is built and previewed without a mail server, but never sent. */
export function digestWarnings(c: Config): string[] {
  return noMail(c) ? ['No mail server is set (SMTP_URL or EARSHOT_MAIL_API_URL): the digest can be previewed here, but it is not sent to anyone.'] : [];
}

/** E-mail channels need a mail server; webhook and Slack channels keep their addresses sealed with the secret key. */
export function channelWarnings(c: Config): string[] {
  return [
    ...(noMail(c) ? ['No mail server is set (SMTP_URL or EARSHOT_MAIL_API_URL): e-mail channels can be added, but their messages are not sent.'] : []),
    ...(c.secretKey ? [] : ['EARSHOT_SECRET_KEY is not set: webhook and Slack channels cannot be added, because their addresses are stored sealed with it.']),
  ];
}
