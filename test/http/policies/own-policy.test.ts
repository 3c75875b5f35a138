import { zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citation } from '../../../src/modules/policies/rules/render.ts';
import type { PolicySettings } from '../../../src/modules/policies/model/settings.ts';
import type { PolicyDocument } from '../../../src/modules/policies/model/types.ts';
import { docxOf, pdfOf } from '../../fixtures/own-policies/make.ts';
import { Agent, errorSummary } from '../../support/agent.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function pdfWith(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

describe('POL-7: bringing a school’s own policy in', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let importId: string;
  const imports = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('policy_import')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('POL-7: a Word policy is read into its own sections, with the original kept', async () => {
    const file = await docxOf('001');
    const response = await admin.upload(
      '/policy/import',
      {},
      { field: 'file', filename: 'Social Media Policy.docx', content: file, type: DOCX },
    );
    expect(response.statusCode).toBe(302);
    importId = response.headers.location!.split('/')[3]!;
    const page = await admin.get(`/policy/import/${importId}/sections`);
    expect(page.statusCode).toBe(200);
    for (const heading of ['Scope', 'Process for Creating New Accounts', 'Appendix 1 – Account Management'])
      expect(page.body).toContain(heading);
    const original = await admin.get(`/policy/import/${importId}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(file)).toBe(true);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', importId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('policy.import-started');
  });

  it('POL-7: sections can be renamed, joined and moved; an impossible change says why', async () => {
    const renamed = await admin.post(`/policy/import/${importId}/sections`, {
      action: 'rename',
      section: '1',
      title: 'Who the policy covers',
    });
    expect(renamed.statusCode).toBe(302);
    expect((await admin.get(`/policy/import/${importId}/sections`)).body).toContain('Who the policy covers');
    const before = await admin.get(`/policy/import/${importId}/sections`);
    const count = (before.body.match(/<section /g) ?? []).length;
    expect(
      (await admin.post(`/policy/import/${importId}/sections`, { action: 'merge', section: '3' })).statusCode,
    ).toBe(302);
    expect(((await admin.get(`/policy/import/${importId}/sections`)).body.match(/<section /g) ?? []).length).toBe(
      count - 1,
    );
    const refused = await admin.post(`/policy/import/${importId}/sections`, { action: 'merge', section: '0' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['The first section has no section before it to join']);
  });

  it('POL-7: clauses are matched to the model; a cited clause the school lacks says the check will cite the model wording', async () => {
    const page = await admin.get(`/policy/import/${importId}/matches`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('accounts.response-time');
    expect(page.body).toMatch(
      /First names only<\/strong>: the check will cite the model wording. It is used by the posting checks for pupils’ surnames/,
    );
    expect(
      (await admin.post(`/policy/import/${importId}/matches`, { add: ['privacy.settings', 'not-a-clause'] }))
        .statusCode,
    ).toBe(302);
    const row = await t.database.db
      .selectFrom('policy_import')
      .select('added_keys')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row.added_keys).toEqual(expect.not.arrayContaining(['not-a-clause']));
  });

  it('POL-7: each proposed setting is shown beside its sentence; nothing is applied until every one is decided', async () => {
    const page = await admin.get(`/policy/import/${importId}/settings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /<mark>Any comments, queries or complaints made should be referred to the account administrator in the first instance and queries concerning accounts must be responded to within 24 hours/,
    );
    expect(page.body).toMatch(/keeps its current value/);
    const refused = await admin.post(`/policy/import/${importId}/settings`, {
      'decision-responseDeadlineHours': 'accept',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toMatch(/Choose whether to accept, change or reject/);
    const row = await t.database.db
      .selectFrom('policy_import')
      .select('decisions')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row.decisions).toBeNull();
    expect(await t.database.db.selectFrom('policy_version').select('id').execute()).toEqual([]);
  });

  it('POL-7: confirmed, changed and rejected settings make a draft version that cites the school’s own numbering', async () => {
    const page = await admin.get(`/policy/import/${importId}/settings`);
    const keys = [...page.body.matchAll(/name="decision-([A-Za-z]+)"/g)].map((m) => m[1]!);
    const fields: Record<string, string> = {};
    for (const key of new Set(keys)) fields[`decision-${key}`] = 'accept';
    fields['decision-responseDeadlineHours'] = 'change';
    fields['value-responseDeadlineHours'] = '12';
    fields['decision-personalUseAtWork'] = 'reject';
    const confirmed = await admin.post(`/policy/import/${importId}/settings`, fields);
    expect(confirmed.statusCode).toBe(302);
    expect(confirmed.headers.location).toBe(`/policy/import/${importId}/save`);
    expect(await t.database.db.selectFrom('policy_version').select('id').execute()).toEqual([]);
    const saved = await admin.post(`/policy/import/${importId}/save`, {});
    expect(saved.statusCode).toBe(302);
    const versionId = saved.headers.location!.split('/').pop()!;
    const version = await t.database.db
      .selectFrom('policy_version')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({ status: 'draft', number: 1, school_id: world.schoolA1 });
    const settings = version.settings as PolicySettings;
    expect(settings).toMatchObject({
      responseDeadlineHours: 12,
      minimumOperators: 2,
      weekendNextWorkingDay: true,
      businessUseApprover: 'slt',
      personalUseAtWork: 'never',
    });
    const document = version.document as PolicyDocument;
    expect(document.sections.map((s) => s.title)).toContain('Who the policy covers');
    const monitoring = document.sections.find((s) => s.clauses.some((c) => c.key === 'accounts.response-time'))!;
    expect(monitoring.title).toBe('Monitoring');
    expect(citation(document, settings, 'images.first-names-only')?.label).toMatch(
      /Pupils’ first names only|first names/i,
    );
    expect(document.sections.flatMap((s) => s.clauses.map((c) => c.key))).toContain('privacy.settings');
    const row = await t.database.db
      .selectFrom('policy_import')
      .select(['status', 'version_id', 'decisions'])
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'saved', version_id: versionId });
    const draftPage = await admin.get(`/policy/versions/${versionId}`);
    expect(draftPage.statusCode).toBe(200);
    expect(draftPage.body).toContain('Process for Creating New Accounts');
    const again = await admin.get(`/policy/import/${importId}/settings`);
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe(`/policy/versions/${versionId}`);
  });

  it('POL-7: a PDF imports the same way, and an age limit below what Postwarden allows must be changed or rejected', async () => {
    const pdf = await admin.upload(
      '/policy/import',
      {},
      { field: 'file', filename: 'policy.pdf', content: await pdfOf('003'), type: 'application/pdf' },
    );
    expect(pdf.statusCode).toBe(302);
    const pasted = await admin.post(
      '/policy/import',
      { pasted: 'Contact\n\nStaff must not accept friend requests from pupils and ex-pupils under 13.\n' },
      { tokenFrom: '/policy/import' },
    );
    expect(pasted.statusCode).toBe(302);
    const id = pasted.headers.location!.split('/')[3]!;
    const refused = await admin.post(`/policy/import/${id}/settings`, {
      'decision-pupilContactAgeLimit': 'accept',
      'decision-roles': 'accept',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toMatch(/between 16 and 25 years old: change or reject it/);
  });

  it('POL-7: a policy in Welsh is kept, and nothing is proposed', async () => {
    const response = await admin.post('/policy/import', {
      pasted:
        'Polisi Cyfryngau Cymdeithasol\n\n1. Cyflwyniad\n\n1.1 Bydd y polisi hwn yn cael ei adolygu bob blwyddyn gan y corff llywodraethu.\n1.2 Rhaid ymateb i negeseuon o fewn 24 awr.\n',
    });
    expect(response.statusCode).toBe(302);
    const id = response.headers.location!.split('/')[3]!;
    expect((await admin.get(`/policy/import/${id}/sections`)).body).toContain('Cyflwyniad');
    const settings = await admin.get(`/policy/import/${id}/settings`);
    expect(settings.body).toContain('We did not find any settings in your policy’s wording');
    expect(settings.body).not.toContain('name="decision-');
  });

  describe('POL-7: bad files are refused on the upload page, and nothing is written', () => {
    const refusals: [string, () => Promise<{ filename: string; content: Buffer }>, RegExp][] = [
      ['an empty file', async () => ({ filename: 'policy.docx', content: Buffer.alloc(0) }), /The file is empty/],
      [
        'a 30 MB file',
        async () => ({ filename: 'policy.pdf', content: Buffer.alloc(30 * 1024 * 1024, 32) }),
        /smaller than 10 MB/,
      ],
      [
        'a .docx that is a zip of something else',
        async () => ({
          filename: 'policy.docx',
          content: Buffer.from(zipSync({ 'photo.txt': new TextEncoder().encode('hello') })),
        }),
        /not a Word document/,
      ],
      [
        'a scanned PDF with no text',
        async () => ({
          filename: 'scan.pdf',
          content: await pdfWith({}, (d) => d.rect(50, 50, 300, 400).fill('#888')),
        }),
        /no text in it: it looks like a scan.*Word/,
      ],
      [
        'a password-protected PDF',
        async () => ({
          filename: 'locked.pdf',
          content: await pdfWith({ userPassword: 'secret', ownerPassword: 'owner' }, (d) =>
            d.text('Social media policy'),
          ),
        }),
        /protected by a password/,
      ],
      [
        'a broken PDF',
        async () => ({ filename: 'broken.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj <<>> broken') }),
        /PDF could not be read/,
      ],
      [
        'an old .doc',
        async () => ({ filename: 'policy.doc', content: Buffer.from('binary') }),
        /\.doc\) cannot be read/,
      ],
      ['an image', async () => ({ filename: 'policy.png', content: Buffer.from('png') }), /must be a Word document/],
    ];
    it.each(refusals)('POL-7: %s', async (_name, make, message) => {
      const before = await imports();
      const file = await make();
      const response = await admin.upload(
        '/policy/import',
        {},
        { field: 'file', ...file, type: 'application/octet-stream' },
      );
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body).join(' ')).toMatch(message);
      expect(await imports()).toBe(before);
    });

    it('POL-7: nothing chosen and nothing pasted', async () => {
      const response = await admin.post('/policy/import', { pasted: '   ' });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual(['Choose your policy’s file, or paste its text']);
    });
  });

  it('POL-7: another school, and staff who do not edit the policy, find nothing (404); without the form’s token nothing is read', async () => {
    const other = new Agent(t.app);
    await other.signIn(world.people['admin-a2']!.email, PASSWORD);
    for (const path of ['sections', 'matches', 'settings', 'save', 'original'])
      expect((await other.get(`/policy/import/${importId}/${path}`)).statusCode).toBe(404);
    expect(
      (
        await other.post(
          `/policy/import/${importId}/sections`,
          { action: 'rename', section: '0', title: 'x' },
          { tokenFrom: '/policy/import' },
        )
      ).statusCode,
    ).toBe(404);
    const teacher = new Agent(t.app);
    await teacher.signIn(world.people['teacher-a1']!.email, PASSWORD);
    expect((await teacher.get('/policy/import')).statusCode).toBe(404);
    expect((await teacher.get(`/policy/import/${importId}/sections`)).statusCode).toBe(404);
    const before = await imports();
    const forged = await admin.post('/policy/import', { pasted: 'Scope\n\nAll staff.' }, { withoutCsrf: true });
    expect(forged.statusCode).toBe(403);
    expect(await imports()).toBe(before);
  });

  it('POL-7: the demo’s sample policy can be downloaded and read', async () => {
    const sample = await admin.get('/policy/import/sample.docx');
    expect(sample.statusCode).toBe(200);
    const response = await admin.upload(
      '/policy/import',
      {},
      { field: 'file', filename: 'sample.docx', content: sample.rawPayload, type: DOCX },
    );
    expect(response.statusCode).toBe(302);
    const id = response.headers.location!.split('/')[3]!;
    const settings = await admin.get(`/policy/import/${id}/settings`);
    expect(settings.body).toMatch(
      /<mark>Comments and messages on the school(&#39;|')s accounts are answered within 48 hours/,
    );
  });
});
