import { z } from 'zod';

/**
 * Every setting, read from a plain record: the process environment on Node, bindings on Workers.
 * Names are SCREAMING_SNAKE in the environment and camelCase here.
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
const allowTarget = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.hostname()]);

/** One allow-list entry: a host name, an IP address or a CIDR range, and the one port it opens (none: every port). */
export interface AllowEntry {
  target: string;
  port?: number;
}

/** Reads "10.0.0.0/8", "feeds.internal:8443", "127.0.0.1:8080" or "[fd00::1]:8080"; undefined when it is none of these. */
export function parseAllowEntry(entry: string): AllowEntry | undefined {
  // A bare IPv6 address or range has colons of its own: it takes a port only in brackets.
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry) ?? /^([^:[\]]+):(\d{1,5})$/.exec(entry);
  const target = m ? m[1]! : entry;
  if (!allowTarget.safeParse(target).success) return undefined;
  if (m?.[2] === undefined) return { target };
  const port = Number(m[2]);
  return port >= 1 && port <= 65_535 ? { target, port } : undefined;
}

const allowEntry = z.string().refine((s) => parseAllowEntry(s) !== undefined, {
  error: 'must be a host name, an IP address or a CIDR range, optionally with a port (127.0.0.1:8080, [fd00::1]:8080)',
});
/** "127.0.0.1:8080, 10.0.0.0/8, feeds.internal": each entry checked, so a typo stops start-up instead of opening a hole. */
const allowList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(allowEntry));

export const ConfigSchema = z
  .object({
    PORT: int(0, 8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z.string().min(1).default('file:./data/earshot.db'),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    EARSHOT_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    EARSHOT_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    EARSHOT_SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
    EARSHOT_DEMO: flag.optional(),
    EARSHOT_PUBLIC_URL: z.url().optional(),
    EARSHOT_TRUST_PROXY: flag.optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    EARSHOT_FETCH_TIMEOUT_MS: int(100, 20_000),
    EARSHOT_FETCH_MAX_BYTES: int(1024, 10 * 1024 * 1024),
    EARSHOT_FETCH_MAX_REDIRECTS: int(0, 5),
    EARSHOT_FETCH_ALLOW: allowList.default([]),
    EARSHOT_CHANNEL_ALLOW: allowList.default([]),
    EARSHOT_HOST_GAP_MS: int(0, 250),
    EARSHOT_USER_AGENT: z.string().min(1).default('Earshot/0.1 (+reputation monitor; feed reader)'),
    EARSHOT_POLL_BATCH: int(1, 50),
    EARSHOT_SESSION_HOURS: int(1, 12),
    EARSHOT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    EARSHOT_MAIL_API_URL: z.url({ protocol: /^https?$/ }).optional(),
    EARSHOT_MAIL_API_KEY: z.string().min(1).optional(),
    EARSHOT_MAIL_FROM: z.string().min(3).default('Earshot <earshot@localhost>'),
    EARSHOT_STEPS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    EARSHOT_STEPS_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .refine((e) => !e.EARSHOT_MAIL_API_URL === !e.EARSHOT_MAIL_API_KEY, {
    message: 'set both EARSHOT_MAIL_API_URL and EARSHOT_MAIL_API_KEY, or neither',
    path: ['EARSHOT_MAIL_API_KEY'],
  })
  .refine((e) => !e.EARSHOT_STEPS_WEBHOOK_URL === !e.EARSHOT_STEPS_WEBHOOK_SECRET, {
    message: 'set both EARSHOT_STEPS_WEBHOOK_URL and EARSHOT_STEPS_WEBHOOK_SECRET, or neither',
    path: ['EARSHOT_STEPS_WEBHOOK_SECRET'],
  })
  .transform((e) => ({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    adminToken: e.EARSHOT_ADMIN_TOKEN,
    metricsToken: e.EARSHOT_METRICS_TOKEN,
    /** Seals credentials in source settings; without it, sources that need credentials cannot be added. */
    secretKey: e.EARSHOT_SECRET_KEY,
    demo: e.EARSHOT_DEMO,
    publicUrl: e.EARSHOT_PUBLIC_URL,
    /** Believe a proxy's X-Forwarded-Proto (only when one is in front and sets it). */
    trustProxy: e.EARSHOT_TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL,
    fetch: {
      timeoutMs: e.EARSHOT_FETCH_TIMEOUT_MS,
      maxBytes: e.EARSHOT_FETCH_MAX_BYTES,
      maxRedirects: e.EARSHOT_FETCH_MAX_REDIRECTS,
      userAgent: e.EARSHOT_USER_AGENT,
      /** Private, loopback and link-local addresses sources may reach (hosts, IPs or CIDRs, each with a port or not); none by default. */
      allow: e.EARSHOT_FETCH_ALLOW,
    },
    /** The same for notification channels (webhooks, Slack): apart from the sources', none by default. */
    channelAllow: e.EARSHOT_CHANNEL_ALLOW,
    /** Where accepted next steps go (the collection system), signed with the secret; unset: they wait in the export. */
    stepsWebhook: e.EARSHOT_STEPS_WEBHOOK_URL && e.EARSHOT_STEPS_WEBHOOK_SECRET ? { url: e.EARSHOT_STEPS_WEBHOOK_URL, secret: e.EARSHOT_STEPS_WEBHOOK_SECRET } : undefined,
    /** Least time between two requests to the same host within one polling run. */
    hostGapMs: e.EARSHOT_HOST_GAP_MS,
    pollBatch: e.EARSHOT_POLL_BATCH,
    sessionHours: e.EARSHOT_SESSION_HOURS,
    /** Mentions, case links and audit entries older than this many days are purged by the prune job; unset: kept. */
    retentionDays: e.EARSHOT_RETENTION_DAYS,
    mail: {
      smtpUrl: e.SMTP_URL,
      apiUrl: e.EARSHOT_MAIL_API_URL,
      apiKey: e.EARSHOT_MAIL_API_KEY,
      from: e.EARSHOT_MAIL_FROM,
    },
  }));

export type Config = z.output<typeof ConfigSchema>;
export type FetchConfig = Config['fetch'];

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Validates the environment; empty strings count as unset so `FOO=` does not silently become a value. */
export function parseConfig(env: Record<string, unknown>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' && v !== undefined));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`),
  };
}
