import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { backoffMs } from '../../src/platform/jobs/jobs.ts';
import { SEND_MAIL_JOB } from '../../src/platform/mail/mail.ts';

const NOW = new Date('2026-11-18T10:00:00Z');
const NEW_PASSWORD = 'a brand new long passphrase';

interface Received {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
}

/** A real SMTP server on loopback that keeps every message it is given. */
class TestSmtp {
  readonly received: Received[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'], // plain SMTP on loopback, so nodemailer does not try to upgrade
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            subject: /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '',
            text: decodeBody(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}

/** The text body of a single-part message, undoing quoted-printable or base64 transfer encoding. */
function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function resetLinkIn(text: string): string {
  const match = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`No reset link in:\n${text}`);
  return match[1]!;
}

/** The mail delivery jobs (other background jobs, such as housekeeping, may run alongside). */
const mailJobs = (t: TestApp) =>
  t.database.db.selectFrom('job').selectAll().where('kind', '=', SEND_MAIL_JOB).orderBy('id').execute();

async function askForReset(t: TestApp, email: string) {
  const agent = new Agent(t.app);
  const response = await agent.post('/forgot-password', { email }, { tokenFrom: '/forgot-password' });
  return { agent, response };
}

describe('email over SMTP: the forgotten-password journey', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    world = await seedWorld(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    t.clock.set(NOW);
  });

  it('ORG-3: a reset email is delivered over SMTP, its link lets the person choose a new password and sign in with it, and it works once', async () => {
    const teacher = world.people['teacher-a1']!;
    const elsewhere = new Agent(t.app);
    expect((await elsewhere.signIn(teacher.email, PASSWORD)).statusCode).toBe(302);

    const { agent, response } = await askForReset(t, teacher.email);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Check your email');
    // The request only books a job (so a known and an unknown address take the same time); the job
    // looks the person up and queues the mail, and the mail job sends it.
    expect(smtp.received).toHaveLength(0);
    expect(await t.database.db.selectFrom('mail_message').select(['status', 'to_address']).execute()).toEqual([]);
    await t.drainJobs();

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([teacher.email]);
    expect(mail.from).toBe('postwarden@localhost');
    expect(mail.subject).toBe('Reset your Postwarden password');
    expect(mail.text).toContain('Dear teacher,');
    expect(mail.text).toContain('within 1 hour');
    const link = resetLinkIn(mail.text);
    const message = await t.database.db.selectFrom('mail_message').selectAll().executeTakeFirstOrThrow();
    expect(message).toMatchObject({ status: 'sent', error: null });
    expect(new Date(message.sent_at!).toISOString()).toBe(NOW.toISOString());
    // Only a hash of the token is stored.
    const token = link.split('/').pop()!;
    const stored = await t.database.db.selectFrom('password_reset').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    await t.drainJobs();
    expect(smtp.received).toHaveLength(1); // sent once only

    const form = await agent.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose a new password');
    const mismatch = await agent.post(link, { password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    const done = await agent.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { tokenFrom: link });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/sign-in?reset=1');

    // The new password works, the old one does not, and the session signed in with the old one has ended.
    expect((await new Agent(t.app).signIn(teacher.email, PASSWORD)).statusCode).toBe(401);
    const signedIn = new Agent(t.app);
    const signIn = await signedIn.signIn(teacher.email, NEW_PASSWORD);
    expect(signIn.statusCode).toBe(302);
    expect(signIn.headers.location).toBe('/');
    expect((await signedIn.get('/')).statusCode).toBe(200);
    const old = await elsewhere.get('/');
    expect(old.statusCode).toBe(302);
    expect(old.headers.location).toMatch(/^\/sign-in/);

    // Used once: the link now does not work, by GET or by POST.
    const again = new Agent(t.app);
    const reopened = await again.get(link);
    expect(reopened.statusCode).toBe(410);
    expect(reopened.body).toContain('This link does not work');
    await again.get('/forgot-password'); // a page with a form, for a CSRF token
    const reused = await again.post(link, {
      password: 'yet another long passphrase',
      confirm: 'yet another long passphrase',
    });
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('This link does not work');
    expect((await new Agent(t.app).signIn(teacher.email, NEW_PASSWORD)).statusCode).toBe(302);

    const actions = (await t.database.db.selectFrom('audit_event').select('action').orderBy('seq').execute()).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['person.password-reset-requested', 'person.password-reset']));
  });

  it('ORG-3: a reset link works for 1 hour; after 61 minutes it does not, and the password is unchanged', async () => {
    const hr = world.people['hr-a1']!;
    const { agent } = await askForReset(t, hr.email);
    await t.drainJobs();
    expect(smtp.received.map((m) => m.to)).toEqual([[hr.email]]);
    const link = resetLinkIn(smtp.received[0]!.text);

    t.clock.advance(59 * 60_000);
    expect((await agent.get(link)).statusCode).toBe(200);
    t.clock.advance(2 * 60_000); // 61 minutes after it was sent
    const expired = await agent.get(link);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link does not work');
    const post = await agent.post(
      link,
      { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      { tokenFrom: '/forgot-password' },
    );
    expect(post.statusCode).toBe(410);
    expect((await new Agent(t.app).signIn(hr.email, NEW_PASSWORD)).statusCode).toBe(401);
    expect((await new Agent(t.app).signIn(hr.email, PASSWORD)).statusCode).toBe(302);
  });

  it('ORG-3: an unknown email, or someone who has left, gets the same "Check your email" page and no email', async () => {
    const before = await t.database.db.selectFrom('mail_message').select('id').execute();
    const known = await askForReset(t, world.people['dsl-a1']!.email);
    const unknown = await askForReset(t, 'nobody@example.sch.uk');
    const leaver = await askForReset(t, world.people['leaver-a1']!.email);
    const strip = (html: string, email: string) =>
      html
        .replaceAll(email, 'EMAIL')
        .replace(/name="_csrf" value="[^"]*"/g, '')
        .replace(/nonce="[^"]*"/g, '');
    for (const r of [unknown, leaver]) {
      expect(r.response.statusCode).toBe(known.response.statusCode);
      expect(r.response.body).toContain('Check your email');
    }
    expect(strip(unknown.response.body, 'nobody@example.sch.uk')).toBe(
      strip(known.response.body, world.people['dsl-a1']!.email),
    );
    await t.drainJobs();
    expect(smtp.received.map((m) => m.to)).toEqual([[world.people['dsl-a1']!.email]]);
    const after = await t.database.db
      .selectFrom('mail_message')
      .select('to_address')
      .where('id', 'not in', before.length ? before.map((b) => b.id) : ['00000000-0000-0000-0000-000000000000'])
      .execute();
    expect(after).toEqual([{ to_address: world.people['dsl-a1']!.email }]);
  });
});

describe('email without a mail server: the outbox', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ORG-3: without SMTP_URL a reset link stays in the outbox, readable by a trust administrator only; a school administrator sees that it waits but not the link', async () => {
    const teacher = world.people['teacher-a1']!;
    expect((await askForReset(t, teacher.email)).response.statusCode).toBe(200);
    await t.drainJobs();
    const message = await t.database.db.selectFrom('mail_message').selectAll().executeTakeFirstOrThrow();
    expect(message).toMatchObject({
      status: 'outbox',
      sensitive: true,
      to_address: teacher.email,
      school_id: world.schoolA1,
      trust_id: world.trustA,
      sent_at: null,
      error: null,
    });
    expect(await mailJobs(t)).toMatchObject([{ attempts: 1, failed_at: null }]);
    expect((await mailJobs(t))[0]!.done_at).not.toBeNull();

    // The school's administrator sees the message waiting, but not the link: with it they could take over the account.
    const admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
    const outbox = await admin.get('/outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain('Reset your Postwarden password');
    expect(outbox.body).toContain(`To ${teacher.email}`);
    expect(outbox.body).toContain('Not sent: read here');
    expect(outbox.body).not.toContain('/reset-password/');
    expect(outbox.body).toContain('A trust administrator can read it.');

    // A trust administrator, working in that school, can read it and pass it on by hand.
    const trustAdmin = new Agent(t.app);
    await trustAdmin.signIn(world.people['trustadmin-a']!.email, PASSWORD);
    await trustAdmin.post('/switch', { school: world.schoolA1 }, { tokenFrom: '/switch' });
    const link = resetLinkIn((await trustAdmin.get('/outbox')).body);
    expect((await new Agent(t.app).get(link)).statusCode).toBe(200);

    const teacherAgent = new Agent(t.app);
    await teacherAgent.signIn(teacher.email, PASSWORD);
    expect((await teacherAgent.get('/')).statusCode).toBe(200);
    const denied = await teacherAgent.get('/outbox');
    expect(denied.statusCode).toBe(404);
    expect(denied.body).not.toContain('Reset your Postwarden password');

    // Another school's administrator, in the same trust or another, does not see it.
    for (const key of ['admin-a2', 'admin-b1']) {
      const other = new Agent(t.app);
      await other.signIn(world.people[key]!.email, PASSWORD);
      const page = await other.get('/outbox');
      expect(page.statusCode, key).toBe(200);
      expect(page.body, key).not.toContain('Reset your Postwarden password');
      expect(page.body, key).toContain('No emails yet.');
    }
  });
});

describe('email when the mail server refuses', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    await smtp.stop(); // nothing listens on this port now
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    world = await seedWorld(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  afterEach(() => {
    t.clock.set(NOW);
  });

  it('ORG-1, ISSUE-14: the delivery job fails and is retried with backoff; the message stays queued with the error recorded, then goes once the server is back with its stable Message-ID', async () => {
    const teacher = world.people['teacher-a1']!;
    expect((await askForReset(t, teacher.email)).response.statusCode).toBe(200);
    await t.drainJobs();

    const message = await t.database.db.selectFrom('mail_message').selectAll().executeTakeFirstOrThrow();
    expect(message.status).toBe('queued');
    expect(message.sent_at).toBeNull();
    expect(message.error).toMatch(/ECONNREFUSED|connect/i);
    const [job] = await mailJobs(t);
    expect(job).toMatchObject({ attempts: 1, done_at: null, failed_at: null });
    expect(job!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(job!.run_at).toISOString()).toBe(new Date(NOW.getTime() + backoffMs(1)).toISOString());
    // Not retried before its backoff.
    await t.drainJobs();
    expect((await mailJobs(t))[0]!.attempts).toBe(1);

    // The administrator sees it waiting.
    const admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
    expect((await admin.get('/outbox')).body).toContain('Waiting');

    // Still refused at the first retry: a second attempt, a longer wait.
    t.clock.advance(backoffMs(1));
    await t.drainJobs();
    const [retried] = await mailJobs(t);
    expect(retried!.attempts).toBe(2);
    expect(retried!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await t.database.db.selectFrom('mail_message').select('status').executeTakeFirstOrThrow()).status).toBe(
      'queued',
    );
    expect(new Date(retried!.run_at).getTime()).toBe(t.clock.now().getTime() + backoffMs(2));

    // The server comes back on the same address: the next retry delivers it.
    await smtp.start(smtp.port);
    t.clock.advance(backoffMs(2));
    await t.drainJobs();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual([teacher.email]);
    const sent = await t.database.db.selectFrom('mail_message').selectAll().executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', error: null });
    // ISSUE-14: every attempt carries the message's own Message-ID, so a repeat after a cut-off send is one message.
    expect(smtp.received[0]!.raw).toMatch(new RegExp(`^Message-ID: <mail\\.${sent.id}@[^>]+>`, 'im'));
    const [done] = await mailJobs(t);
    expect(done).toMatchObject({ attempts: 3, failed_at: null });
    expect(done!.done_at).not.toBeNull();
    t.clock.advance(24 * 3_600_000);
    await t.drainJobs();
    expect(smtp.received).toHaveLength(1);
  });

  it('ORG-1: when every attempt is refused the message is marked failed, with the error, and the outbox says so', async () => {
    await smtp.stop();
    const hr = world.people['hr-a1']!;
    expect((await askForReset(t, hr.email)).response.statusCode).toBe(200);
    // The request's job queues the message, and the first delivery attempt runs in the same drain.
    await t.drainJobs();
    const messageOf = () =>
      t.database.db.selectFrom('mail_message').selectAll().where('to_address', '=', hr.email).executeTakeFirstOrThrow();
    const messageId = (await messageOf()).id;
    const jobOf = async () => (await mailJobs(t)).find((j) => j.dedupe_key === `mail:${messageId}`)!;
    const maxAttempts = (await jobOf()).max_attempts;
    expect(maxAttempts).toBe(8);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await t.drainJobs();
      const job = await jobOf();
      expect(job.attempts).toBe(attempt);
      const message = await messageOf();
      expect(message.error).toMatch(/ECONNREFUSED|connect/i);
      if (attempt < maxAttempts) {
        expect(message.status, `after attempt ${attempt}`).toBe('queued');
        expect(job.failed_at).toBeNull();
        t.clock.set(job.run_at);
      } else {
        expect(job.failed_at).not.toBeNull();
        expect(message.status).toBe('failed');
        expect(message.sent_at).toBeNull();
      }
    }
    const admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
    const outbox = await admin.get('/outbox');
    expect(outbox.body).toContain(`To ${hr.email}`);
    expect(outbox.body).toContain('Failed');
  });
});
