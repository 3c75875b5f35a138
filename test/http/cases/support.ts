/** A school with every role a concern can go to, and helpers to report and follow cases over HTTP. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../support/app.ts';
import { seedWorld, type World } from '../../support/world.ts';
import type { Agent } from '../../support/agent.ts';
import type { Role } from '../../../src/platform/auth/permissions.ts';
import { signedIn } from '../directory/helpers.ts';

export interface CaseWorld extends World {
  agents: Record<'teacher' | 'head' | 'dsl' | 'deputy' | 'slt' | 'admin' | 'hr' | 'governor' | 'chair', Agent>;
}

export async function addPerson(
  t: TestApp,
  world: World,
  key: string,
  roles: Role[],
  schoolId = world.schoolA1,
  trustId = world.trustA,
): Promise<string> {
  const db = t.database.db;
  const hash = (
    await db
      .selectFrom('person')
      .select('password_hash')
      .where('id', '=', world.people['teacher-a1']!.id)
      .executeTakeFirstOrThrow()
  ).password_hash;
  const id = randomUUID();
  const email = `${key}@example.sch.uk`;
  await db
    .insertInto('person')
    .values({
      id,
      trust_id: trustId,
      school_id: schoolId,
      mis_id: null,
      given_name: key.split('-')[0]!,
      family_name: 'Tester',
      email,
      employment_type: roles.includes('governor') ? 'governor' : 'full-time',
      job_title: null,
      start_date: '2020-09-01',
      leaving_date: null,
      password_hash: hash,
      created_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
  for (const role of roles)
    await db
      .insertInto('role_assignment')
      .values({ person_id: id, trust_id: trustId, school_id: schoolId, role })
      .execute();
  world.people[key] = { id, email };
  return id;
}

export async function seedCaseWorld(t: TestApp): Promise<CaseWorld> {
  const world = await seedWorld(t.database.db);
  await addPerson(t, world, 'deputy-a1', ['deputy_dsl']);
  await addPerson(t, world, 'governor-a1', ['governor']);
  await addPerson(t, world, 'chair-a1', ['governor', 'chair_of_governors']);
  const agents = {
    teacher: await signedIn(t, world, 'teacher-a1'),
    head: await signedIn(t, world, 'head-a1'),
    dsl: await signedIn(t, world, 'dsl-a1'),
    deputy: await signedIn(t, world, 'deputy-a1'),
    slt: await signedIn(t, world, 'slt-a1'),
    admin: await signedIn(t, world, 'admin-a1'),
    hr: await signedIn(t, world, 'hr-a1'),
    governor: await signedIn(t, world, 'governor-a1'),
    chair: await signedIn(t, world, 'chair-a1'),
  };
  return { ...world, agents };
}

export function concern(kind: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    atRisk: 'no',
    kind,
    description: 'A post in a public group calls a member of staff names and shares her photo.',
    ...extra,
  };
}

/** Reports through the form (urlencoded when there are no files); returns the response and the new case's id. */
export async function report(
  t: TestApp,
  agent: Agent,
  fields: Record<string, string>,
): Promise<{ response: LightMyRequestResponse; caseId: string | null; reference: string | null }> {
  const before = new Set((await t.database.db.selectFrom('concern_case').select('id').execute()).map((r) => r.id));
  const response = await agent.post('/concerns/new', fields);
  if (response.statusCode !== 302) return { response, caseId: null, reference: null };
  const rows = (await t.database.db.selectFrom('concern_case').select(['id', 'reference']).execute()).filter(
    (r) => !before.has(r.id),
  );
  if (rows.length !== 1) throw new Error(`expected one new case, found ${rows.length}`);
  return { response, caseId: rows[0]!.id, reference: rows[0]!.reference };
}

/** A multipart report with several files. */
export async function reportWithFiles(
  t: TestApp,
  agent: Agent,
  fields: Record<string, string>,
  files: { filename: string; content: Buffer; type: string }[],
): Promise<LightMyRequestResponse> {
  if (!agent.csrfToken) await agent.get('/concerns/new');
  const boundary = `----pwcases${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries({ _csrf: agent.csrfToken ?? '', ...fields }))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = (agent as unknown as { cookieHeader(): string | undefined }).cookieHeader();
  return t.app.inject({
    method: 'POST',
    url: '/concerns/new',
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(cookie ? { cookie } : {}) },
  });
}

export async function caseCount(t: TestApp): Promise<number> {
  return Number(
    (
      await t.database.db
        .selectFrom('concern_case')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export function expectRedirect(response: LightMyRequestResponse, to: string | RegExp): void {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(302);
  if (typeof to === 'string') expect(response.headers.location).toBe(to);
  else expect(String(response.headers.location)).toMatch(to);
}
