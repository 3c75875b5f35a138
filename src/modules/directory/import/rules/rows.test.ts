import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeCsvText } from './detect.ts';
import { ACCEPTED_HEADERS } from './headers.ts';
import { parseImport, splitFullName, type PupilRow } from './rows.ts';
import { makeUpn } from './values.ts';

const TODAY = '2025-06-01';
const fixture = (name: string): string =>
  decodeCsvText(readFileSync(new URL(`../../../../../test/fixtures/import/${name}`, import.meta.url)));
const pupils = (text: string, today = TODAY) => parseImport('pupils', text, today);
const staff = (text: string, today = TODAY) => parseImport('staff', text, today);
const _byUpn = (rows: PupilRow[], upn: string): PupilRow => rows.find((r) => r.upn === upn)!;

const PUPIL_HEAD = 'UPN,Forename,Surname,DOB,Year';
const pupilLine = (n: number, extra = ''): string => `${makeUpn(n)},Maya,Goldberg,04/04/2015,4${extra}`;

describe('pupil fixtures', () => {
  test('ORG-5: a SIMS export (Windows-1252, every value quoted, CRLF) imports every pupil', () => {
    const result = pupils(fixture('pupils-sims.csv'));
    expect(result.errors).toEqual([]);
    expect(result.headerProblem).toBeUndefined();
    expect(result.totalRows).toBe(8);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.rows[0]).toEqual({
      line: 2,
      upn: 'U330210417001',
      misId: '001234',
      givenName: 'Aaliyah',
      familyName: 'Begum',
      dateOfBirth: '2018-11-03',
      yearGroup: 0,
      formGroup: 'RH',
      consentSocial: true,
      consentWebsite: true,
      consentPress: false,
      neverPublish: false,
      contacts: [
        { givenName: 'Shirin', familyName: 'Begum', relationship: 'Mother', email: 'shirin.begum@example.co.uk' },
        { givenName: 'Abdul', familyName: 'Miah', relationship: 'Father', email: 'abdul.miah@example.com' },
      ],
    });
  });

  test('ORG-4: SIMS pupils keep preferred names, year groups, consents, never-publish and accented names', () => {
    const { rows } = pupils(fixture('pupils-sims.csv'));
    const zainab = rows.find((r) => r.givenName === 'Zainab')!;
    expect(zainab).toMatchObject({ preferredName: 'Zara', yearGroup: 2, neverPublish: true, consentSocial: false });
    expect(zainab.contacts).toEqual([
      { givenName: 'Imran', familyName: 'Hussain', relationship: 'Father', email: 'imran.hussain@example.org' },
    ]);
    expect(rows.find((r) => r.givenName === 'Arjun')!.yearGroup).toBe(-1);
    expect(rows.find((r) => r.givenName === 'Chidera')).toMatchObject({
      consentSocial: true,
      consentWebsite: true,
      consentPress: false,
    });
    const sian = rows.find((r) => r.familyName === 'Evans')!;
    expect(sian).toMatchObject({
      givenName: 'Siân',
      consentSocial: false,
      consentWebsite: false,
      consentPress: false,
      neverPublish: false,
    });
    expect(sian).not.toHaveProperty('preferredName');
    const jack = rows.find((r) => r.givenName === 'Jack')!;
    expect(jack.familyName).toBe("O'Connor");
    expect(jack.contacts[1]).toEqual({ givenName: 'Declan', familyName: "O'Connor", relationship: 'Father' });
    expect(rows.find((r) => r.givenName === 'Freya')!.contacts).toEqual([
      { givenName: 'Ewan', familyName: 'MacLeod', relationship: 'Carer' },
    ]);
  });

  test('ORG-5: an Arbor export (UTF-8 with BOM, full-name contact columns) imports every pupil', () => {
    const result = pupils(fixture('pupils-arbor.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(6);
    const [amara, lukasz] = result.rows;
    expect(amara).toMatchObject({
      misId: 'STU-10001',
      givenName: 'Amara',
      familyName: 'Adeyemi',
      yearGroup: 7,
      formGroup: '7AD',
    });
    expect(amara!.contacts).toEqual([
      {
        givenName: 'Funmilayo',
        familyName: 'Adeyemi',
        relationship: 'Mother',
        email: 'f.adeyemi@example.com',
        phone: '07700 900123',
      },
      { givenName: 'Tunde', familyName: 'Adeyemi', relationship: 'Father', email: 't.adeyemi@example.com' },
    ]);
    expect(lukasz).toMatchObject({
      givenName: 'Łukasz',
      familyName: 'Wiśniewski',
      preferredName: 'Luke',
      dateOfBirth: '2011-10-02',
    });
    expect(lukasz!.contacts).toEqual([
      { givenName: 'Anna', familyName: 'Wiśniewska', relationship: 'Mother', email: 'anna.w@example.pl' },
    ]);
  });

  test('ORG-5: a leaver in the export carries their leaving date so they are marked, not deleted', () => {
    const kwame = pupils(fixture('pupils-arbor.csv')).rows.find((r) => r.givenName === 'Kwame')!;
    expect(kwame).toMatchObject({ yearGroup: 13, leavingDate: '2025-07-18' });
  });

  test('ORG-5: a temporary UPN is accepted and a pupil with no contacts has an empty contact list', () => {
    const hamza = pupils(fixture('pupils-arbor.csv')).rows.find((r) => r.givenName === 'Hamza')!;
    expect(hamza.upn).toMatch(/^[A-Z]\d{11}N$/);
    expect(hamza.contacts).toEqual([]);
  });

  test('ORG-4: the never-publish flag and a parent with no email come through from Arbor', () => {
    const ruby = pupils(fixture('pupils-arbor.csv')).rows.find((r) => r.givenName === 'Ruby')!;
    expect(ruby.neverPublish).toBe(true);
    expect(ruby.contacts[1]).toEqual({ givenName: 'Daniel', familyName: 'Clarke', relationship: 'Father' });
  });

  test('ORG-5: every kind of pupil error is reported with its line and column, and good rows still come through', () => {
    const result = pupils(fixture('pupils-with-errors.csv'));
    expect(result.headerProblem).toBeUndefined();
    expect(result.totalRows).toBe(15);
    expect(result.rows.map((r) => [r.line, r.givenName])).toEqual([
      [2, 'Maya'],
      [17, 'Ava-Rose'],
    ]);
    expect(result.errors).toEqual([
      { line: 3, column: 'UPN', message: 'UPN is missing. Every pupil needs their 13-character Unique Pupil Number' },
      {
        line: 4,
        column: 'UPN',
        message:
          '‘A330210414013’ is not a valid UPN: its first letter does not match the digits after it, so a character has probably been mistyped. Copy the UPN again from your MIS',
      },
      {
        line: 5,
        column: 'UPN',
        message: 'UPN Z330210414011 is also on line 2. Each pupil must appear only once in the file',
      },
      { line: 6, column: 'DOB', message: 'The date of birth ‘14/09/2030’ is in the future' },
      {
        line: 7,
        column: 'DOB',
        message: '‘next Tuesday’ is not a date we can read. Use the format DD/MM/YYYY, for example 14/09/2016',
      },
      {
        line: 8,
        column: 'DOB',
        message: '‘31/02/2015’ is not a real date. Use the format DD/MM/YYYY, for example 14/09/2016',
      },
      {
        line: 9,
        column: 'DOB',
        message: '‘14/09/15’ has a two-digit year. Write the year in full as DD/MM/YYYY, for example 14/09/2016',
      },
      { line: 10, column: 'Social Media Consent', message: 'Consent must be Yes or No, not ‘Maybe’' },
      {
        line: 11,
        column: 'Contact 1 Email',
        message: 'Contact 1 email: ‘vikram.nair@example’ is not a valid email address',
      },
      {
        line: 12,
        message:
          'This line has 8 values but the heading line has 13. Check for a missing value, or a comma inside a value that is not in quotes',
      },
      {
        line: 13,
        column: 'Year',
        message: 'Year group must be a number from 1 to 14, R for Reception, or N1 or N2 for Nursery, not ‘Year 15’',
      },
      { line: 14, column: 'Leaving Date', message: 'The leaving date ‘01/01/2014’ is before the date of birth' },
      { line: 15, column: 'Legal Surname', message: 'Surname is missing' },
      {
        line: 15,
        column: 'DOB',
        message: '‘32/13/2015’ is not a real date. Use the format DD/MM/YYYY, for example 14/09/2016',
      },
      { line: 15, column: 'Social Media Consent', message: 'Consent must be Yes or No, not ‘Perhaps’' },
      { line: 15, column: 'Never Publish', message: 'Never publish must be Yes or No, not ‘sometimes’' },
    ]);
  });

  test('ORG-4: the valid rows in the error fixture keep their consents, never-publish flag and contacts', () => {
    const ava = pupils(fixture('pupils-with-errors.csv')).rows[1]!;
    expect(ava).toMatchObject({ consentSocial: true, consentWebsite: false, neverPublish: true });
    expect(ava.contacts).toEqual([{ givenName: 'Sinead', familyName: 'Doherty', email: 'sinead.doherty@example.com' }]);
  });

  test('ORG-5: an unclosed quote is reported on its line and no rows are imported', () => {
    expect(pupils(fixture('pupils-unclosed-quote.csv'))).toEqual({
      rows: [],
      errors: [
        {
          line: 3,
          message:
            'Line 3 has a quotation mark (") that is never closed, so the file cannot be read from there on. Correct that line and upload the file again',
        },
      ],
      totalRows: 1,
    });
  });

  test('ORG-5: an unclosed quote in the heading line is reported, not mistaken for an empty file', () => {
    expect(pupils('"UPN,Forename,Surname,DOB,Year\nB801200005001,Maya,Goldberg,04/04/2015,4\n')).toEqual({
      rows: [],
      errors: [expect.objectContaining({ line: 1, message: expect.stringMatching(/^Line 1 has a quotation mark/) })],
      totalRows: 0,
    });
  });

  test('ORG-5: a quote in the wrong place is reported on its line', () => {
    const result = pupils(`${PUPIL_HEAD}\n${pupilLine(1)}\n${makeUpn(2)},"Noor"x,Malik,02/05/2015,4\n`);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 3,
        message:
          'Line 3 has a quotation mark (") in the wrong place, so the file cannot be read from there on. Correct that line and upload the file again',
      },
    ]);
  });
});

describe('staff fixtures', () => {
  test('ORG-5: a SIMS staff export imports every member of staff with their employment type', () => {
    const result = staff(fixture('staff-sims.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.misId, r.employmentType])).toEqual([
      ['ABE', 'full-time'],
      ['GMC', 'part-time'],
      ['PSH', 'supply'],
      ['KNG', 'fixed-term'],
      ['ELW', 'trainee'],
      ['DOS', 'volunteer'],
      ['RFR', 'full-time'],
    ]);
    expect(result.rows[0]).toEqual({
      line: 2,
      misId: 'ABE',
      givenName: 'Aisha',
      familyName: 'Bello',
      email: 'a.bello@stmarys.example.sch.uk',
      employmentType: 'full-time',
      jobTitle: 'Headteacher',
      startDate: '2015-09-01',
    });
  });

  test('ORG-5: staff emails are lower-cased, quoted job titles keep their commas and leavers keep their leaving date', () => {
    const { rows } = staff(fixture('staff-sims.csv'));
    expect(rows[1]!.email).toBe('g.mccarthy@stmarys.example.sch.uk');
    expect(rows[6]!.jobTitle).toBe('Deputy Headteacher, Safeguarding Lead');
    expect(rows[3]).toMatchObject({ startDate: '2024-09-01', leavingDate: '2025-08-31' });
    expect(rows[5]).not.toHaveProperty('startDate');
  });

  test('ORG-5: every kind of staff error is reported', () => {
    const result = staff(fixture('staff-with-errors.csv'));
    expect(result.rows.map((r) => r.misId)).toEqual(['T001']);
    expect(result.totalRows).toBe(8);
    expect(result.errors).toEqual([
      {
        line: 3,
        column: 'Staff ID',
        message: 'Staff ID T001 is also on line 2. Each person must appear only once in the file',
      },
      {
        line: 4,
        column: 'Email',
        message:
          'The email address h.ashworth@example.sch.uk is also on line 2. Each person needs their own email address',
      },
      { line: 5, column: 'Email', message: '‘marcus.bell at example.sch.uk’ is not a valid email address' },
      { line: 6, column: 'End Date', message: 'The leaving date ‘31/07/2024’ is before the start date ‘01/09/2024’' },
      {
        line: 7,
        column: 'Contract Type',
        message:
          'Employment type ‘Wizard’ is not one we recognise. Use one of: Full-time, Part-time, Fixed-term, Supply, Agency, Volunteer, Consultant, Contractor, Governor, Trainee',
      },
      { line: 8, column: 'Email', message: 'Work email is missing' },
      {
        line: 9,
        message:
          'This line has 5 values but the heading line has 8. Check for a missing value, or a comma inside a value that is not in quotes',
      },
    ]);
  });

  test('ORG-5: a staff row with only the required columns has no optional fields', () => {
    const result = staff('Staff ID,Forename,Surname,Email,Employment Type\nT1,Jo,Lee,JO.LEE@example.sch.uk,PT\n');
    expect(result.rows).toEqual([
      {
        line: 2,
        misId: 'T1',
        givenName: 'Jo',
        familyName: 'Lee',
        email: 'jo.lee@example.sch.uk',
        employmentType: 'part-time',
      },
    ]);
  });

  test('ORG-5: a staff row may have several errors and all are reported', () => {
    const result = staff('Staff ID,Forename,Surname,Email,Employment Type,Start Date\n,,Lee,nope,Wizard,31/02/2020\n');
    expect(result.errors.map((e) => e.column)).toEqual([
      'Staff ID',
      'Forename',
      'Email',
      'Employment Type',
      'Start Date',
    ]);
  });
});

describe('column headings', () => {
  test('ORG-5: a file whose headings we do not recognise gets a header problem, not row errors', () => {
    const result = pupils(fixture('no-known-headers.csv'));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.totalRows).toBe(2);
    expect(result.headerProblem).toEqual({
      message:
        'We did not recognise the column headings in this file. The first line must be the column headings, for example UPN, Legal Forename, Legal Surname, DOB and Year. The headings we accept are listed below.',
      acceptedHeaders: ACCEPTED_HEADERS.pupils,
      missingFields: ['UPN', 'Forename', 'Surname', 'Date of birth', 'Year group'],
    });
  });

  test('ORG-5: unrecognised staff headings get the staff example', () => {
    expect(staff(fixture('no-known-headers.csv')).headerProblem!.message).toContain(
      'for example Staff ID, Legal Forename, Legal Surname, Work Email and Employment Type',
    );
  });

  test('ORG-5: missing required columns are named', () => {
    const result = pupils('UPN,Forename,Surname\nB801200005001,Maya,Goldberg\n');
    expect(result.headerProblem!.message).toBe(
      'We could not find a column for date of birth and year group. Add them to the export using one of the headings listed below, then upload the file again.',
    );
    expect(result.headerProblem!.missingFields).toEqual(['Date of birth', 'Year group']);
    expect(pupils('UPN,Forename,Surname,DOB\n').headerProblem!.message).toMatch(
      /^We could not find a column for year group\. Add it to/,
    );
    expect(pupils('Forename,Surname,DOB,Year\n').headerProblem!.message).toMatch(
      /^We could not find a column for UPN\./,
    );
  });

  test('ORG-5: a staff list uploaded as pupils (and the reverse) is recognised', () => {
    expect(pupils(fixture('staff-sims.csv')).headerProblem!.message).toBe(
      'This looks like a staff list, not a pupil list. Choose the staff import instead.',
    );
    expect(staff(fixture('pupils-arbor.csv')).headerProblem!.message).toBe(
      'This looks like a pupil list, not a staff list. Choose the pupil import instead.',
    );
  });

  test('ORG-5: an empty file gets a header problem', () => {
    for (const text of ['', '\n\n', '\uFEFF', ',,,\n']) {
      expect(pupils(text).headerProblem!.message).toBe(
        'The file is empty. Export the list from your MIS again and upload that file.',
      );
    }
  });

  test('ORG-5: a file with headings and no pupils has no rows and no errors', () => {
    expect(pupils(`${PUPIL_HEAD}\r\n`)).toEqual({ rows: [], errors: [], totalRows: 0 });
  });

  test('ORG-5: unknown extra columns are ignored', () => {
    const result = pupils(`Gender,${PUPIL_HEAD},Ethnicity\nF,${pupilLine(1)},Not obtained\n`);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });
});

describe('pupil rows', () => {
  test('ORG-5: a duplicate UPN in one file is reported on the second line with the first line named', () => {
    const result = pupils([PUPIL_HEAD, pupilLine(1), pupilLine(2), pupilLine(1), pupilLine(1)].join('\n'));
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.errors).toEqual([
      {
        line: 4,
        column: 'UPN',
        message: `UPN ${makeUpn(1)} is also on line 2. Each pupil must appear only once in the file`,
      },
      {
        line: 5,
        column: 'UPN',
        message: `UPN ${makeUpn(1)} is also on line 2. Each pupil must appear only once in the file`,
      },
    ]);
  });

  test('ORG-5: UPNs that differ only in case or spacing are the same pupil', () => {
    const upn = makeUpn(7);
    const result = pupils(
      [PUPIL_HEAD, `${upn},A,B,01/01/2015,4`, ` ${upn.toLowerCase()} ,C,D,01/01/2015,4`].join('\n'),
    );
    expect(result.errors).toEqual([
      { line: 3, column: 'UPN', message: `UPN ${upn} is also on line 2. Each pupil must appear only once in the file` },
    ]);
  });

  test('ORG-4: a date of birth after today is refused; today itself is accepted', () => {
    const text = [PUPIL_HEAD, `${makeUpn(1)},A,B,01/06/2025,N1`, `${makeUpn(2)},C,D,02/06/2025,N1`].join('\n');
    const result = pupils(text, '2025-06-01');
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([
      { line: 3, column: 'DOB', message: 'The date of birth ‘02/06/2025’ is in the future' },
    ]);
    expect(pupils(text, '2025-06-02').errors).toEqual([]);
  });

  test('ORG-4: missing required values are each reported', () => {
    const result = pupils(`${PUPIL_HEAD}\n${makeUpn(1)},,,,\n`);
    expect(result.errors).toEqual([
      { line: 2, column: 'Forename', message: 'Forename is missing' },
      { line: 2, column: 'Surname', message: 'Surname is missing' },
      { line: 2, column: 'DOB', message: 'Date of birth is missing' },
      { line: 2, column: 'Year', message: 'Year group is missing' },
    ]);
  });

  test('ORG-4: a preferred forename is kept only when it differs, and stands in for a blank legal forename', () => {
    const head = 'UPN,Legal Forename,Preferred Forename,Legal Surname,DOB,Year';
    const { rows, errors } = pupils(
      [
        head,
        `${makeUpn(1)},Oliver,Olly,K,01/01/2015,4`,
        `${makeUpn(2)},Maya,Maya,G,01/01/2015,4`,
        `${makeUpn(3)},,Jas,S,01/01/2015,4`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.givenName, r.preferredName])).toEqual([
      ['Oliver', 'Olly'],
      ['Maya', undefined],
      ['Jas', undefined],
    ]);
  });

  test('ORG-4: consent columns that are absent mean consent not given', () => {
    const row = pupils(`${PUPIL_HEAD}\n${pupilLine(1)}\n`).rows[0]!;
    expect(row).toMatchObject({
      consentSocial: false,
      consentWebsite: false,
      consentPress: false,
      neverPublish: false,
      contacts: [],
    });
  });

  test('ORG-4: each consent is read from its own column', () => {
    const head = `${PUPIL_HEAD},Consent: Social Media,Consent: Website,Consent: Press,Never Publish`;
    const row = pupils(`${head}\n${pupilLine(1, ',N,y,TRUE,0')}\n`).rows[0]!;
    expect(row).toMatchObject({ consentSocial: false, consentWebsite: true, consentPress: true, neverPublish: false });
  });

  test("ORG-4: consent 'Maybe' is refused and names the column", () => {
    const result = pupils(`${PUPIL_HEAD},Website Consent\n${pupilLine(1, ',Maybe')}\n`);
    expect(result.errors).toEqual([
      { line: 2, column: 'Website Consent', message: 'Consent must be Yes or No, not ‘Maybe’' },
    ]);
    expect(result.rows).toEqual([]);
  });

  test('ORG-4: parents are linked to pupils from separate name columns or one full-name column', () => {
    const head = `${PUPIL_HEAD},Contact 1 Forename,Contact 1 Surname,Contact 1 Email,Contact 2 Name,Contact 2 Relationship,Contact 2 Phone`;
    const row = pupils(
      `${head}\n${pupilLine(1, ',Rachel,Goldberg,R.Goldberg@Example.com,Mr David Goldberg,Father,07700 900456')}\n`,
    ).rows[0]!;
    expect(row.contacts).toEqual([
      { givenName: 'Rachel', familyName: 'Goldberg', email: 'r.goldberg@example.com' },
      { givenName: 'David', familyName: 'Goldberg', relationship: 'Father', phone: '07700 900456' },
    ]);
  });

  test('ORG-4: a contact with details but no name is refused', () => {
    const result = pupils(`${PUPIL_HEAD},Parent Name,Parent Email\n${pupilLine(1, ',,someone@example.com')}\n`);
    expect(result.errors).toEqual([
      { line: 2, column: 'Parent Name', message: 'Contact 1 has contact details but no name' },
    ]);
  });

  test('ORG-4: a contact is skipped when all of its columns are blank', () => {
    const result = pupils(`${PUPIL_HEAD},Contact 1 Name,Contact 1 Email,Contact 2 Name\n${pupilLine(1, ',,,')}\n`);
    expect(result.rows[0]!.contacts).toEqual([]);
  });

  test('ORG-5: a row with the wrong number of values is reported and not read further', () => {
    const result = pupils(`${PUPIL_HEAD}\n${pupilLine(1, ',extra')}\n${makeUpn(2)},Maya,Goldberg\n`);
    expect(result.errors.map((e) => [e.line, e.message.slice(0, 48)])).toEqual([
      [2, 'This line has 6 values but the heading line has '],
      [3, 'This line has 3 values but the heading line has '],
    ]);
  });

  test('ORG-5: blank trailing values beyond the headings (as spreadsheets sometimes write) are accepted', () => {
    expect(pupils(`${PUPIL_HEAD}\n${pupilLine(1, ',,')}\n`).errors).toEqual([]);
  });

  test('ORG-5: blank rows are skipped but still counted in line numbers, as a spreadsheet shows them', () => {
    const result = pupils(`\n${PUPIL_HEAD}\n\n,,,,\n${pupilLine(1)}\n   \n${makeUpn(2)},,Goldberg,04/04/2015,4\n`);
    expect(result.totalRows).toBe(2);
    expect(result.rows.map((r) => r.line)).toEqual([5]);
    expect(result.errors).toEqual([{ line: 7, column: 'Forename', message: 'Forename is missing' }]);
  });

  test('ORG-5: a value spanning two lines in the file is one row', () => {
    const result = pupils(
      `${PUPIL_HEAD},Contact 1 Name\n${pupilLine(1, ',"Mrs\nRachel Goldberg"')}\n${makeUpn(2)},,Goldberg,04/04/2015,4,\n`,
    );
    expect(result.rows[0]!.contacts[0]).toEqual({ givenName: 'Rachel', familyName: 'Goldberg' });
    expect(result.errors).toEqual([{ line: 3, column: 'Forename', message: 'Forename is missing' }]);
  });

  test('ORG-5: tab-separated UTF-16 (Excel "Unicode Text") and semicolon-separated files are read', () => {
    const tsv = `UPN\tForename\tSurname\tDOB\tYear\r\n${makeUpn(1)}\tZoë\tFitzgerald\t01/01/2009\t11\r\n`;
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from(tsv, 'utf16le')]);
    expect(pupils(decodeCsvText(utf16)).rows[0]).toMatchObject({ givenName: 'Zoë', yearGroup: 11 });
    expect(pupils(`UPN;Forename;Surname;DOB;Year\n${makeUpn(1)};Zoë;Fitzgerald;01/01/2009;11\n`).rows).toHaveLength(1);
  });

  test('ORG-5: a byte-order mark left in the text does not spoil the first heading', () => {
    expect(pupils(`\uFEFF${PUPIL_HEAD}\n${pupilLine(1)}\n`).rows).toHaveLength(1);
  });

  test('ORG-5: parsing is pure, so re-running the same file gives the same rows', () => {
    const text = fixture('pupils-arbor.csv');
    expect(pupils(text)).toEqual(pupils(text));
    expect(staff(fixture('staff-sims.csv'))).toEqual(staff(fixture('staff-sims.csv')));
  });

  test('ORG-5: today must be an ISO date', () => {
    expect(() => pupils(PUPIL_HEAD, '01/06/2025')).toThrow(TypeError);
  });
});

describe('splitFullName', () => {
  test.each([
    ['Rachel Goldberg', 'Rachel', 'Goldberg'],
    ['Mrs Rachel Goldberg', 'Rachel', 'Goldberg'],
    ['Dr. Ciara Fitzgerald', 'Ciara', 'Fitzgerald'],
    ['Mary Anne Smith-Jones', 'Mary Anne', 'Smith-Jones'],
    ['Goldberg, Rachel', 'Rachel', 'Goldberg'],
    ['Goldberg, Mrs Rachel', 'Rachel', 'Goldberg'],
    ['Mr Goldberg', '', 'Goldberg'],
    ['Goldberg', '', 'Goldberg'],
  ])('ORG-4: contact name %s splits into %s / %s', (fullName, givenName, familyName) => {
    expect(splitFullName(fullName)).toEqual({ givenName, familyName });
  });
});

describe('size', () => {
  // How fast this runs is measured in bench/parse.ts (npm run bench), not asserted here.
  test('ORG-5: a 75,000-row export parses into 75,000 pupils with no errors', () => {
    const result = pupils(bigPupilExport(75_000));
    expect(result.errors).toHaveLength(0);
    expect(result.rows).toHaveLength(75_000);
    expect(result.rows[74_999]!.upn).toBe(makeUpn(74_999));
  });
});

function bigPupilExport(rows: number): string {
  const head = `${PUPIL_HEAD},Reg,Social Media Consent,Website Consent,Press Consent,Never Publish,Contact 1 Forename,Contact 1 Surname,Contact 1 Email,Contact 1 Relationship,Contact 2 Name,Contact 2 Email`;
  const lines = [head];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${makeUpn(i)},Amara,O'Neill-Okafor,14/09/2015,Year ${i % 14},7AB,Yes,No,Y,,Grace,Okafor,grace.okafor${i}@example.com,Mother,Mr Tunde Okafor,t.okafor${i}@example.org`,
    );
  }
  return lines.join('\r\n');
}
