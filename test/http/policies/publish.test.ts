import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { pageText, signedIn } from '../directory/helpers.ts';
import { readPdf } from '../../support/pdf.ts';
import {
  approveVersion,
  deleteClause,
  saveClause,
  saveSettings,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import { MODEL_POLICY } from '../../../src/modules/policies/model/model-policy.ts';
import { defaultSettings, type PolicySettings } from '../../../src/modules/policies/model/settings.ts';
import { numberPolicy } from '../../../src/modules/policies/rules/render.ts';
import { presentPolicy } from '../../../src/modules/policies/publish/present.ts';
import { renderPolicyPdf } from '../../../src/modules/policies/publish/pdf.ts';

/** The page count the file declares, counted from its page objects. */
function pageObjects(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

describe('publishing the policy: page, PDF and changes between versions', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let teacher: Agent;
  let slt: Agent;
  let head: Agent;
  let adminA2: Agent;
  let adminB1: Agent;
  let v1: string;
  let v2: string;
  let b1Version: string;
  const a1 = () => ({ trustId: world.trustA, schoolId: world.schoolA1 });
  const actor = () => ({ id: world.people['admin-a1']!.id, label: 'admin Tester' });
  const settingsV1: Partial<PolicySettings> = {
    headTitle: 'Head of School',
    pupilContactAgeLimit: 21,
    tradeUnionsConsulted: true,
  };
  const consultation =
    'Draft shared with the NEU and UNISON school representatives on 4 November 2026; no objections raised';

  const approval = (changeSummary: string, effective = '2026-11-18') => {
    const [ey, em, ed] = effective.split('-');
    return {
      body: 'Full Governing Body',
      approvedDay: '18',
      approvedMonth: '11',
      approvedYear: '2026',
      effectiveDay: ed,
      effectiveMonth: em,
      effectiveYear: ey,
      consultation,
      changeSummary,
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    const db = t.database.db;
    const now = t.clock.now();
    v1 = await startFromModel(db, now, { trustId: world.trustA, schoolId: world.schoolA1 }, actor());
    expect(await saveSettings(db, now, a1(), actor(), v1, settingsV1)).toBe('saved');
    expect(
      await approveVersion(
        db,
        now,
        a1(),
        actor(),
        v1,
        approval('First version, adopted from the Postwarden model policy'),
      ),
    ).toBe('approved');

    // Version 2, a draft: one clause reworded, one removed (so the clauses after it renumber), one setting changed.
    v2 = await startNewDraft(db, now, a1(), actor());
    expect(
      await saveClause(db, now, a1(), actor(), v2, 'contact.pupils-under-age', {
        title: 'Friend, follow and connection requests',
        text: 'Never send or accept a friend, follow or connection request to or from a pupil, or a former pupil under {{pupilContactAgeLimit}}. Decline it and tell the {{headTitle}} the same day.',
      }),
    ).toBe('saved');
    expect(await deleteClause(db, now, a1(), actor(), v2, 'contact.locate-or-meet')).toBe('deleted');
    expect(await saveSettings(db, now, a1(), actor(), v2, { ...settingsV1, responseDeadlineHours: 12 })).toBe('saved');

    const b1 = { trustId: world.trustB, schoolId: world.schoolB1 };
    const b1Actor = { id: world.people['admin-b1']!.id, label: 'admin-b1' };
    b1Version = await startFromModel(db, now, b1, b1Actor);
    expect(await approveVersion(db, now, b1, b1Actor, b1Version, approval('Birch first version'))).toBe('approved');

    [admin, teacher, slt, head, adminA2, adminB1] = await Promise.all([
      signedIn(t, world, 'admin-a1'),
      signedIn(t, world, 'teacher-a1'),
      signedIn(t, world, 'slt-a1'),
      signedIn(t, world, 'head-a1'),
      signedIn(t, world, 'admin-a2'),
      signedIn(t, world, 'admin-b1'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  function main(html: string): string {
    return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  }

  it('POL-6: the version in force is a page with its approval details, a contents list, numbered clauses, related policies and legislation, with the school’s settings filled in', async () => {
    const response = await teacher.get('/policy/current');
    expect(response.statusCode).toBe(200);
    const html = main(response.body);
    const text = pageText(html);
    expect(text).toContain('Alder Primary');
    expect(text).toMatch(
      /Version\s+1\s+Approved by\s+Full Governing Body\s+Approved on\s+18 November 2026\s+In force from\s+18 November 2026\s+Review due\s+18 November 2027/,
    );
    expect(text).toContain(`Consultation ${consultation}`);
    expect(text).toContain('Summary of changes First version, adopted from the Postwarden model policy');

    // Contents: one link per section (numbered as the school's settings make the policy), each to a heading on the page.
    const expected = numberPolicy(MODEL_POLICY, { ...defaultSettings(), ...settingsV1 } as PolicySettings);
    const contents = /<nav aria-labelledby="contents-heading"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    const links = [...contents.matchAll(/<a class="govuk-link" href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
      id: m[1]!,
      text: pageText(m[2]!).trim(),
    }));
    expect(links.slice(0, expected.length).map((l) => l.text)).toEqual(expected.map((s) => `${s.number}. ${s.title}`));
    expect(links.map((l) => l.text).slice(expected.length)).toEqual([
      'Related policies',
      'Law and guidance this policy relies on',
      'Revision history',
    ]);
    for (const link of links) expect(html, `#${link.id} has a target`).toContain(`id="${link.id}"`);

    // Numbered sections and clauses, with placeholders filled from the settings.
    expect(text).toContain('4. Contact with pupils and families');
    expect(text).toContain('4.1 Friend and follow requests from pupils');
    expect(text).toContain(
      'any former pupil under 21 years old. If you receive one, turn it down and tell the Head of School',
    );
    expect(html).toContain('id="clause-contact.pupils-under-age"');
    expect(text).not.toContain('{{');
    expect(text).not.toContain('Headteacher');
    const clauseCount = expected.reduce((n, s) => n + s.clauses.length, 0);
    expect((html.match(/<h3 class="govuk-heading-s[^"]*" id="clause-/g) ?? []).length).toBe(clauseCount);
    // The alternative the school did not choose is not shown.
    expect(text).not.toContain('only in the place the school has set aside for it');

    expect(text).toContain('Grievance procedure');
    expect(text).toContain(
      'Public Interest Disclosure Act 1998 Protects staff who raise concerns about wrongdoing through the proper routes.',
    );
    expect(html).toContain(`href="/policy/versions/${v1}/pdf"`);
  });

  it('POL-6: a school with no version in force is told so plainly', async () => {
    const response = await adminA2.get('/policy/current');
    expect(response.statusCode).toBe(200);
    expect(pageText(main(response.body))).toContain(
      'Alder Secondary does not have an approved social media policy in force yet.',
    );
  });

  it('POL-6: the PDF has a title page with the approval details, a contents list whose page numbers are right, numbered clauses and “Page N of M” on every page', async () => {
    const response = await teacher.get(`/policy/versions/${v1}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);

    const pages = readPdf(pdf);
    expect(pages.length).toBe(pageObjects(pdf));
    expect(pages.length).toBeGreaterThan(5);
    for (const [i, page] of pages.entries())
      expect(page.text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);

    const title = pages[0]!.text;
    for (const fact of [
      'Alder Primary',
      'Social media policy',
      'Version 1',
      'Approved by Full Governing Body',
      'Approved on 18 November 2026',
      'Effective from 18 November 2026',
      'Review due 18 November 2027',
      `Consultation ${consultation}`,
    ]) {
      expect(title).toContain(fact);
    }

    // Contents on page 2: number, title, page; each section's heading really is on that page.
    const expected = numberPolicy(MODEL_POLICY, { ...defaultSettings(), ...settingsV1 } as PolicySettings);
    const contents = pages[1]!.lines;
    expect(contents[0]).toBe('Contents');
    for (const section of expected) {
      const at = contents.indexOf(section.title);
      expect(at, `${section.title} is in the contents`).toBeGreaterThan(0);
      expect(contents[at - 1]).toBe(section.number);
      const page = Number(contents[at + 1]);
      expect(page, `${section.title} has a page number`).toBeGreaterThan(2);
      expect(pages[page - 1]!.lines, `${section.title} starts on page ${page}`).toContain(section.title);
    }
    for (const extra of ['Related policies', 'Law and guidance this policy relies on', 'Revision history']) {
      const at = contents.indexOf(extra);
      expect(at).toBeGreaterThan(0);
      expect(pages[Number(contents[at + 1]) - 1]!.lines).toContain(extra);
    }

    const body = pages
      .slice(2)
      .map((p) => p.text)
      .join(' ');
    const contact = expected.find((s) => s.key === 'contact')!;
    const contactPage = pages.slice(2).find((p) => p.lines.includes(contact.title))!;
    expect(contactPage.lines).toContain('4.1');
    expect(contactPage.lines).toContain('Friend and follow requests from pupils');
    expect(body).toContain('Head of School');
    expect(body).toContain('under 21 years old');
    expect(body).not.toContain('Headteacher');
    expect(body).toContain('Grievance procedure');
    expect(body).toContain('Public Interest Disclosure Act 1998');
    expect(body).toContain('First version, adopted from the Postwarden model policy');
  });

  it('POL-6: a draft’s PDF is there for those who may edit the policy and not found for anyone else', async () => {
    for (const agent of [teacher, slt]) expect((await agent.get(`/policy/versions/${v2}/pdf`)).statusCode).toBe(404);
    for (const agent of [admin, head]) {
      const response = await agent.get(`/policy/versions/${v2}/pdf`);
      expect(response.statusCode).toBe(200);
      const pages = readPdf(response.rawPayload);
      expect(pages[0]!.text).toContain('Version 2 (draft)');
      expect(pages[0]!.text).toContain('Draft: not yet approved');
      expect(pages[0]!.text).toContain('Approved by Not yet approved');
      expect(pages.map((p) => p.text).join(' ')).toContain('Friend, follow and connection requests');
    }
  });

  it('POL-6: another school’s or another trust’s version is not found, as a PDF or as changes', async () => {
    for (const path of [`/policy/versions/${v1}/pdf`, `/policy/versions/${v1}/changes`]) {
      for (const agent of [adminB1, adminA2]) {
        const response = await agent.get(path);
        expect(response.statusCode, `${path}`).toBe(404);
        expect(response.body).not.toContain('Alder Primary');
      }
    }
    expect((await admin.get(`/policy/versions/${b1Version}/pdf`)).statusCode).toBe(404);
    expect((await admin.get(`/policy/versions/${randomUUID()}/pdf`)).statusCode).toBe(404);
    expect((await admin.get('/policy/versions/not-an-id/pdf')).statusCode).toBe(404);
    expect((await adminB1.get(`/policy/versions/${b1Version}/pdf`)).statusCode).toBe(200);
  });

  it('POL-2: the changes in a new draft are shown clause by clause (old and new wording, removed, renumbered) with the settings that changed', async () => {
    expect((await teacher.get(`/policy/versions/${v2}/changes`)).statusCode).toBe(404);
    const response = await admin.get(`/policy/versions/${v2}/changes`);
    expect(response.statusCode).toBe(200);
    const html = main(response.body);
    const text = pageText(html);
    expect(text).toContain('What changed in version 2');
    expect(text).toContain('Compared with version 1, approved on 18 November 2026.');
    expect(text).toContain('recorded when this version is approved');

    const changed = pageText(
      /<div[^>]*id="change-changed-contact.pupils-under-age"[\s\S]*?<\/div>\s*<\/div>\s*<\/div>/.exec(html)?.[0] ?? '',
    );
    expect(changed).toContain('Changed §4.1 Friend, follow and connection requests');
    expect(changed).toContain(
      'Before, in version 1 Friend and follow requests from pupils Do not send or accept friend, follow or connection requests',
    );
    expect(changed).toContain(
      'Now, in version 2 Friend, follow and connection requests Never send or accept a friend, follow or connection request to or from a pupil, or a former pupil under 21 years old. Decline it and tell the Head of School the same day.',
    );

    const removed = pageText(
      /<div[^>]*id="change-removed-contact.locate-or-meet"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '',
    );
    expect(removed).toContain('Removed §4.4 Finding or meeting pupils');
    expect(removed).toContain('Never use anything you learn online to find a pupil');
    const renumbered = pageText(/<ul class="govuk-list" id="renumbered">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '');
    expect(renumbered).toContain('§4.4 If a pupil contacts you (was §4.5)');
    expect(renumbered).toContain('§4.5 Parents and carers (was §4.6)');

    const settings = pageText(
      /<table class="govuk-table" id="setting-changes">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '',
    );
    expect(settings).toContain('Reply to comments and messages within 24 hours 12 hours');
    expect(settings).not.toContain('Head');
    expect(text).toContain('Reply to comments and messages within: changed from 24 hours to 12 hours');
  });

  it('POL-2: an approved version’s changes show the recorded consultation and summary; “from” must be a version of the same policy; the page moves on when it takes effect', async () => {
    const db = t.database.db;
    expect(
      await approveVersion(
        db,
        t.clock.now(),
        a1(),
        actor(),
        v2,
        approval(
          'Friend requests clause reworded; meeting pupils clause folded into it; replies within 12 hours',
          '2026-12-01',
        ),
      ),
    ).toBe('approved');

    const response = await teacher.get(`/policy/versions/${v2}/changes`);
    expect(response.statusCode).toBe(200);
    const text = pageText(main(response.body));
    expect(text).toContain(`Consultation ${consultation}`);
    expect(text).toContain(
      'Summary of changes Friend requests clause reworded; meeting pupils clause folded into it; replies within 12 hours',
    );
    expect(text).toContain('Changed §4.1 Friend, follow and connection requests');

    expect((await teacher.get(`/policy/versions/${v2}/changes?from=${v1}`)).statusCode).toBe(200);
    expect((await teacher.get(`/policy/versions/${v2}/changes?from=${b1Version}`)).statusCode).toBe(404);
    expect((await teacher.get(`/policy/versions/${v2}/changes?from=${randomUUID()}`)).statusCode).toBe(404);
    expect((await teacher.get(`/policy/versions/${v2}/changes?from=nonsense`)).statusCode).toBe(404);
    const first = pageText(main((await teacher.get(`/policy/versions/${v1}/changes`)).body));
    expect(first).toContain(
      'This is the first version of the policy, so there is no earlier version to compare it with.',
    );

    // Approved but not yet in force: version 1 still applies, and the page says what is coming.
    const before = pageText(main((await teacher.get('/policy/current')).body));
    expect(before).toContain(
      'Version 2 has been approved and takes effect on 1 December 2026. Until then, this version applies.',
    );
    expect(before).toMatch(/Version\s+1\s+Approved by/);

    t.clock.set('2026-12-01T09:00:00Z');
    try {
      const reader = await signedIn(t, world, 'teacher-a1'); // a fortnight on, the earlier session has lapsed
      const current = await reader.get('/policy/current');
      expect(current.statusCode).toBe(200);
      const html = main(current.body);
      const now = pageText(html);
      expect(now).toMatch(/Version\s+2\s+Approved by/);
      expect(now).toContain('4.1 Friend, follow and connection requests');
      expect(now).not.toContain('Finding or meeting pupils');
      expect(html).toContain(`href="/policy/versions/${v2}/changes"`);
      const history = pageText(
        /<section[^>]*aria-labelledby="revision-history"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '',
      );
      expect(history).toMatch(
        /2\s+18 November 2026 by Full Governing Body\s+1 December 2026\s+Friend requests clause reworded/,
      );
      expect(history).toMatch(/1\s+18 November 2026 by Full Governing Body\s+18 November 2026\s+First version/);
      const pdf = readPdf((await reader.get(`/policy/versions/${v2}/pdf`)).rawPayload);
      expect(pdf[0]!.text).toContain('Version 2');
      expect(pdf[0]!.text).not.toContain('draft');
    } finally {
      t.clock.set('2026-11-18T10:00:00Z');
    }
  });

  it('POL-6: a trust-wide policy reads in each school with that school’s own settings; its draft is only for those who edit it at trust level', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const trust = { trustId: world.trustA, schoolId: null };
    const trustActor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin Tester' };
    const approved = await startFromModel(db, now, trust, trustActor);
    expect(await approveVersion(db, now, trust, trustActor, approved, approval('Trust-wide version'))).toBe('approved');
    await db
      .insertInto('policy_local_settings')
      .values({
        school_id: world.schoolA2,
        trust_id: world.trustA,
        settings: JSON.stringify({ headTitle: 'Principal' }),
        updated_at: now,
      })
      .execute();

    const page = await adminA2.get('/policy/current');
    expect(page.statusCode).toBe(200);
    const text = pageText(main(page.body));
    expect(text).toContain('Alder Trust has adopted this policy for all its schools.');
    expect(text).toContain('tell the Principal or a member of the senior leadership team');
    expect(text).not.toContain('Headteacher');
    const pdf = readPdf((await adminA2.get(`/policy/versions/${approved}/pdf`)).rawPayload);
    expect(pdf[0]!.text).toContain('Alder Secondary');
    expect(pdf.map((p) => p.text).join(' ')).toContain('tell the Principal');

    const draft = await startNewDraft(db, now, trust, trustActor);
    expect((await adminA2.get(`/policy/versions/${draft}/pdf`)).statusCode).toBe(404); // policy.manage in a school, not the trust
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdmin.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    const trustPdf = await trustAdmin.get(`/policy/versions/${draft}/pdf`);
    expect(trustPdf.statusCode).toBe(200);
    expect(readPdf(trustPdf.rawPayload)[0]!.text).toContain('Alder Trust');
    // In the trust view, a school's own version is not the trust's to read.
    expect((await trustAdmin.get(`/policy/versions/${v1}/pdf`)).statusCode).toBe(404);
  });
});

describe('the policy PDF’s layout', () => {
  it('POL-6: a long contents list runs over as many pages as it needs, every entry still pointing at the right page, and characters the PDF fonts lack are replaced', async () => {
    const sections = Array.from({ length: 60 }, (_, i) => ({
      key: `part-${i + 1}`,
      title: `Part ${i + 1}: a heading long enough to wrap onto a second line of the contents page in the PDF`,
      clauses: [
        {
          key: `part-${i + 1}.only`,
          title: `Rule ${i + 1}`,
          text: `First paragraph of part ${i + 1}.\nSecond paragraph, with an emoji 🙂 the built-in fonts cannot show.`,
        },
      ],
    }));
    const policy = presentPolicy({ ...MODEL_POLICY, sections }, defaultSettings(), {
      ownerName: 'Alder Primary',
      trustWide: false,
      facts: {
        number: 7,
        status: 'approved',
        approvedBy: 'Full Governing Body',
        approvedOn: '2026-11-18',
        effectiveFrom: '2026-11-18',
        reviewDue: '2027-11-18',
        consultation: null,
        changeSummary: null,
      },
    });
    const pdf = await renderPolicyPdf({ policy, history: [], generatedOn: '2026-11-18' });
    const pages = readPdf(pdf);
    expect(pages.length).toBe(pageObjects(pdf));
    for (const [i, page] of pages.entries()) expect(page.text).toContain(`Page ${i + 1} of ${pages.length}`);
    // The contents pages are those before the first part starts; there is more than one, and together they list every part.
    const firstPart = pages.findIndex((p, i) => i > 0 && p.lines.includes('Rule 1'));
    expect(firstPart).toBeGreaterThan(2);
    // Each entry is its number, its title (one or two lines) and its page: the lines that are only digits pair up.
    const numbers = pages
      .slice(1, firstPart)
      .flatMap((p) => p.lines)
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    expect(numbers.length).toBe(60 * 2 + 2); // and the pages of “Related policies” and “Law and guidance”
    for (let n = 1; n <= 60; n++) {
      const [entry, pageNumber] = [numbers[2 * (n - 1)]!, numbers[2 * (n - 1) + 1]!];
      expect(entry).toBe(n);
      expect(pages[pageNumber - 1]!.lines, `part ${n} is on page ${pageNumber}`).toContain(`Rule ${n}`);
    }
    const body = pages
      .slice(firstPart)
      .map((p) => p.text)
      .join(' ');
    expect(body).toContain('Second paragraph, with an emoji ? the built-in fonts cannot show.');
  });
});
