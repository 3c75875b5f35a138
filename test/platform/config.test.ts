import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/postwarden');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('settings (loadConfig)', () => {
  const bad: [string, string, RegExp][] = [
    ['PORT', 'abc', /whole number from 1 to 65535.*'abc'/],
    ['PORT', '70000', /whole number from 1 to 65535.*'70000'/],
    ['PORT', '0', /whole number/],
    ['PORT', '-1', /whole number/],
    ['PORT', '80.5', /whole number/],
    ['DATABASE_URL', 'mysql://x', /must start with postgres:\/\/ or postgresql:\/\//],
    ['BASE_URL', 'not a url', /is not a valid URL/],
    ['BASE_URL', 'ftp://school.example', /must start with http:\/\/ or https:\/\//],
    ['SMTP_URL', 'http://x', /must start with smtp:\/\/ or smtps:\/\//],
    ['POSTWARDEN_SECRET_KEY', 'short', /64 hexadecimal characters/],
    ['POSTWARDEN_SECRET_KEY', 'g'.repeat(64), /64 hexadecimal characters/],
    ['LOG_LEVEL', 'loud', /must be one of fatal, error, warn, info, debug, trace, silent.*'loud'/],
    ['TRUST_PROXY', 'maybe', /must be false, a number of proxies.*'maybe'/],
    ['TRUST_PROXY', 'true', /anyone could choose their own address/],
    ['TRUST_PROXY', '11', /at most 10/],
    ['TRUST_PROXY', '10.0.0.1,10.0.0.0/33', /'10.0.0.0\/33' is none of these/],
    ['SESSION_IDLE_MINUTES', '1', /whole number from 5 to 1440/],
    ['UPLOAD_LIMIT_MB', '1000', /whole number from 1 to 200/],
  ];
  for (const [setting, value, message] of bad) {
    it(`ORG-1: ${setting}=${JSON.stringify(value)} is refused with a ConfigError naming ${setting}`, () => {
      const error = configError({ [setting]: value });
      expect(error.setting).toBe(setting);
      expect(error.message).toMatch(new RegExp(`^Setting ${setting}: `));
      expect(error.message).toMatch(message);
    });
  }

  it('ORG-1: a password in a malformed URL setting is not repeated in the error', () => {
    const error = configError({ DATABASE_URL: 'postgres://pw:hunter2secret@db.internal:notaport/postwarden' });
    expect(error.setting).toBe('DATABASE_URL');
    expect(error.message).toContain('is not a valid URL');
    expect(error.message).not.toContain('hunter2secret');
    expect(error.message).toContain('pw:***@');
  });

  it('ORG-1: with nothing set, every setting has a safe default', () => {
    expect(loadConfig({}, '/srv/postwarden')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/postwarden', 'data'),
      databaseUrl: undefined,
      baseUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      mailFrom: 'Postwarden <postwarden@localhost>',
      secretKey: undefined,
      sessionIdleMinutes: 120,
      trustProxy: false,
      logLevel: 'info',
      demoMode: false,
      uploadLimitMb: 20,
      entraAuthority: 'https://login.microsoftonline.com',
      googleIssuer: 'https://accounts.google.com',
      newTrustRequiresSecondFactor: true,
      blueskyAppViewUrl: 'https://public.api.bsky.app',
      mentionsAllowPrivateAddresses: false,
    });
  });

  it('ORG-1: good values are read, trimmed and normalised', () => {
    const config = loadConfig(
      {
        PORT: ' 8080 ',
        HOST: '0.0.0.0',
        DATA_DIR: 'var/pw',
        DATABASE_URL: 'postgresql://pw@db/postwarden',
        BASE_URL: 'https://postwarden.school.example/',
        SMTP_URL: 'smtps://mailer:pw@smtp.example:465',
        MAIL_FROM: 'Alder Trust <noreply@alder.example>',
        POSTWARDEN_SECRET_KEY: 'AB'.repeat(32),
        SESSION_IDLE_MINUTES: '30',
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        POSTWARDEN_DEMO: '1',
        UPLOAD_LIMIT_MB: '5',
      },
      '/srv/postwarden',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/postwarden/var/pw',
      databaseUrl: 'postgresql://pw@db/postwarden',
      baseUrl: 'https://postwarden.school.example',
      smtpUrl: 'smtps://mailer:pw@smtp.example:465',
      mailFrom: 'Alder Trust <noreply@alder.example>',
      secretKey: 'AB'.repeat(32),
      sessionIdleMinutes: 30,
      trustProxy: 1,
      logLevel: 'warn',
      demoMode: true,
      uploadLimitMb: 5,
    });
    // Without BASE_URL the default follows PORT.
    expect(loadConfig({ PORT: '8181' }).baseUrl).toBe('http://localhost:8181');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5, fd00::/8 ' }).trustProxy).toEqual(['10.0.0.5', 'fd00::/8']);
    // Empty values count as unset.
    expect(loadConfig({ PORT: '', SMTP_URL: '', POSTWARDEN_SECRET_KEY: ' ' })).toMatchObject({
      port: 3000,
      smtpUrl: undefined,
      secretKey: undefined,
    });
  });

  it('ORG-1: `postwarden serve` with PORT=abc stops with exit code 2 and says which setting is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: 'abc',
        DATA_DIR: path.join(ROOT, 'no-such-dir-for-config-test'),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      "Postwarden cannot start. Setting PORT: must be a whole number from 1 to 65535, but it is 'abc'.",
    );
    expect(result.stdout).not.toContain('Postwarden is running');
  }, 120_000);
});
