import net from 'node:net';
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
  /**
   * Which X-Forwarded-For entries to believe: false (none: the connecting address is the client), a
   * number of proxies in front (the client is that many hops back), or the proxies' own addresses.
   */
  trustProxy: TrustProxy;
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

export type TrustProxy = false | number | string[];

/** An IPv4 or IPv6 address, or a network in CIDR form (10.0.0.0/8, fd00::/8). */
function isAddressOrNetwork(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const family = net.isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY. `true` is refused: it believes every X-Forwarded-For entry, and the left-most is
 * whatever the client sent, so anyone could choose their own address and escape the per-address
 * limits (issue 14). A hop count or the proxies' addresses believe only what the proxy added.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    if (Number(value) > 10) throw new ConfigError('TRUST_PROXY', `is ${value} proxies; give at most 10.`);
    return Number(value);
  }
  if (value === 'true')
    throw new ConfigError(
      'TRUST_PROXY',
      "true would believe any X-Forwarded-For a client sends, so anyone could choose their own address and escape the limits on sign-in attempts. Give the number of proxies in front of Postwarden (usually 1) or their addresses (e.g. '10.0.0.5' or '10.0.0.0/8', comma-separated).",
    );
  const addresses = value.split(',').map((a) => a.trim());
  const bad = addresses.find((a) => !isAddressOrNetwork(a));
  if (bad !== undefined)
    throw new ConfigError(
      'TRUST_PROXY',
      `must be false, a number of proxies (e.g. 1) or the proxies' addresses (e.g. 10.0.0.5,10.0.0.0/8), but '${bad}' is none of these.`,
    );
  return addresses;
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
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
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
    trustProxy,
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
