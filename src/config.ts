import path from 'node:path';

/** Every setting Postwarden reads, read once at start-up. Documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  secretKey: string | undefined;
  sessionIdleMinutes: number;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  demoMode: boolean;
  uploadLimitMb: number;
  /** Microsoft's sign-in authority (a national cloud has its own); the tests point it at a loopback provider. */
  entraAuthority: string;
  /** Google's issuer; the tests point it at a loopback provider. */
  googleIssuer: string;
  /** Whether a trust made by first-run set-up requires a second factor (AUTH-2); on unless turned off. */
  newTrustRequiresSecondFactor: boolean;
  /** Where Bluesky searches for mentions go (MON-5). */
  blueskyAppViewUrl: string;
  /** Tests only: let mention sources be read from loopback and private addresses. */
  mentionsAllowPrivateAddresses: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Setting ${setting}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, but it is '${raw}'.`);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL ('${redact(raw)}').`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, but it starts with ${parsed.protocol}//.`,
    );
  }
  return raw;
}

function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = wholeNumber(env, 'PORT', 3000, 1, 65535);
  const baseUrl = url(env, 'BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const secretKey = env.POSTWARDEN_SECRET_KEY?.trim() || undefined;
  if (secretKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(secretKey)) {
    throw new ConfigError(
      'POSTWARDEN_SECRET_KEY',
      'must be 64 hexadecimal characters (32 bytes). Make one with: openssl rand -hex 32',
    );
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, but it is '${logLevel}'.`);
  }
  const trustProxy = env.TRUST_PROXY?.trim() ?? 'false';
  if (!['true', 'false', '1', '0'].includes(trustProxy)) {
    throw new ConfigError('TRUST_PROXY', `must be true or false, but it is '${trustProxy}'.`);
  }
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || 'data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    baseUrl: baseUrl.replace(/\/$/, ''),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || 'Postwarden <postwarden@localhost>',
    secretKey,
    sessionIdleMinutes: wholeNumber(env, 'SESSION_IDLE_MINUTES', 120, 5, 24 * 60),
    trustProxy: trustProxy === 'true' || trustProxy === '1',
    logLevel,
    demoMode: env.POSTWARDEN_DEMO === '1',
    uploadLimitMb: wholeNumber(env, 'UPLOAD_LIMIT_MB', 20, 1, 200),
    entraAuthority: (url(env, 'ENTRA_AUTHORITY', ['https:', 'http:']) ?? 'https://login.microsoftonline.com').replace(
      /\/$/,
      '',
    ),
    googleIssuer: (url(env, 'GOOGLE_ISSUER', ['https:', 'http:']) ?? 'https://accounts.google.com').replace(/\/$/, ''),
    newTrustRequiresSecondFactor: env.NEW_TRUST_REQUIRES_SECOND_FACTOR?.trim() !== 'false',
    blueskyAppViewUrl: (url(env, 'BLUESKY_APPVIEW_URL', ['http:', 'https:']) ?? 'https://public.api.bsky.app').replace(
      /\/$/,
      '',
    ),
    mentionsAllowPrivateAddresses: env.MENTIONS_ALLOW_PRIVATE_ADDRESSES === '1',
  };
}
