import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { visibleTo } from '../../../src/modules/incidents/cases/repo.ts';
import { maySeeCase, type Viewer } from '../../../src/modules/incidents/rules/visibility.ts';
import { concern, report, seedCaseWorld, type CaseWorld } from './support.ts';

/**
 * INC-7: the repository's SQL (`visibleTo`, written only as far as the viewer's facts matter) agrees
 * with the pure rule (`maySeeCase`) for every combination of a viewer's facts, for a restricted case
 * about the head and not about the head, an ordinary case, and viewers who reported it, own it, own
 * an action on it, are its subject, or are none of these.
 */
describe('the visibility rule in SQL (INC-7)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedCaseWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('INC-7: for every combination of facts and relations, the SQL finds a case exactly when the rule says the viewer may see it', async () => {
    const db = t.database.db;
    const restricted = (await report(t, world.agents.teacher, concern('child-safeguarding'))).caseId!;
    const ordinary = (await report(t, world.agents.teacher, concern('journalist-contact'))).caseId!;
    const actionOwner = world.people['hr-a1']!.id;
    const subject = world.people['admin-a1']!.id;
    const stranger = world.people['governor-a1']!.id;
    for (const id of [restricted, ordinary]) {
      const c = await db.selectFrom('concern_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await db
        .insertInto('case_person')
        .values({
          case_id: id,
          trust_id: c.trust_id,
          school_id: c.school_id,
          kind: 'staff',
          person_id: subject,
          name: 'admin Tester',
          is_subject: true,
        })
        .execute();
      await db.updateTable('case_action').set({ owner_id: actionOwner }).where('case_id', '=', id).execute();
    }
    let compared = 0;
    for (const id of [restricted, ordinary])
      for (const aboutHead of [false, true]) {
        await db.updateTable('concern_case').set({ about_head: aboutHead }).where('id', '=', id).execute();
        const c = await db.selectFrom('concern_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const facts = {
          restricted: c.restricted,
          aboutHead,
          reporterId: c.reporter_id,
          ownerId: c.owner_id,
          actionOwnerIds: [actionOwner],
          subjectIds: [subject],
        };
        for (const viewerId of [c.reporter_id, c.owner_id!, actionOwner, subject, stranger])
          for (let bits = 0; bits < 16; bits++) {
            const v: Viewer = {
              id: viewerId,
              seesSchoolCases: (bits & 1) !== 0,
              dslTeam: (bits & 2) !== 0,
              head: (bits & 4) !== 0,
              chair: (bits & 8) !== 0,
            };
            const found = await db
              .selectFrom('concern_case as c')
              .select('c.id')
              .where('c.id', '=', id)
              .where(visibleTo(v))
              .executeTakeFirst();
            expect(found !== undefined, JSON.stringify({ restricted: c.restricted, aboutHead, v })).toBe(
              maySeeCase(facts, v),
            );
            compared++;
          }
      }
    expect(compared).toBe(2 * 2 * 5 * 16);
  });
});
