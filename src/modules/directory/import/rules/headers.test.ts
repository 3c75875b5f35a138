import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ACCEPTED_HEADERS, mapHeaders, normaliseHeader, type ImportKind } from './headers.ts';

describe('normaliseHeader', () => {
  test.each([
    ['Date of Birth', 'dateofbirth'],
    ['DATE_OF_BIRTH', 'dateofbirth'],
    ['  date-of-birth ', 'dateofbirth'],
    ['Consent: Social Media', 'consentsocialmedia'],
    ['Parent/Carer 1 Name', 'parentcarer1name'],
    ['Année', 'année'],
  ])('ORG-5: heading %s is compared as %s', (heading, normalised) => {
    expect(normaliseHeader(heading)).toBe(normalised);
  });
});

describe('ACCEPTED_HEADERS', () => {
  test.each<ImportKind>(['pupils', 'staff'])('ORG-5: no %s heading is accepted for two different fields', (kind) => {
    const owner = new Map<string, string>();
    for (const { field, headers } of ACCEPTED_HEADERS[kind]) {
      for (const heading of headers) {
        const key = normaliseHeader(heading);
        expect(owner.get(key) ?? field, `${heading} is claimed by ${owner.get(key)} and ${field}`).toBe(field);
        owner.set(key, field);
      }
    }
  });

  test('ORG-5: required fields are as documented', () => {
    const required = (kind: ImportKind) => ACCEPTED_HEADERS[kind].filter((f) => f.required).map((f) => f.field);
    expect(required('pupils')).toEqual(['upn', 'givenName', 'familyName', 'dateOfBirth', 'yearGroup']);
    expect(required('staff')).toEqual(['misId', 'givenName', 'familyName', 'email', 'employmentType']);
  });
});

describe('mapHeaders: pupils', () => {
  test.each([
    ['UPN', 'upn'],
    ['Unique Pupil Number', 'upn'],
    ['Admission Number', 'misId'],
    ['Adno', 'misId'],
    ['MIS ID', 'misId'],
    ['Pupil ID', 'misId'],
    ['Student ID', 'misId'],
    ['Legal Forename', 'givenName'],
    ['Forename', 'givenName'],
    ['First Name', 'givenName'],
    ['Firstname', 'givenName'],
    ['Given Name', 'givenName'],
    ['Preferred Forename', 'preferredName'],
    ['Legal Surname', 'familyName'],
    ['Surname', 'familyName'],
    ['Last Name', 'familyName'],
    ['Family Name', 'familyName'],
    ['Preferred Surname', 'familyName'],
    ['DOB', 'dateOfBirth'],
    ['Date of Birth', 'dateOfBirth'],
    ['Birth Date', 'dateOfBirth'],
    ['Year', 'yearGroup'],
    ['Year Group', 'yearGroup'],
    ['NC Year', 'yearGroup'],
    ['National Curriculum Year', 'yearGroup'],
    ['Year Taught In', 'yearGroup'],
    ['Curriculum Year', 'yearGroup'],
    ['Reg Group', 'formGroup'],
    ['Registration Group', 'formGroup'],
    ['Form', 'formGroup'],
    ['Form Group', 'formGroup'],
    ['Tutor Group', 'formGroup'],
    ['Class', 'formGroup'],
    ['Registration Form', 'formGroup'],
    ['Reg', 'formGroup'],
    ['Social Media Consent', 'consentSocial'],
    ['Consent Social Media', 'consentSocial'],
    ['Photo Consent Social Media', 'consentSocial'],
    ['Consent: Social Media', 'consentSocial'],
    ['Website Consent', 'consentWebsite'],
    ['Consent: Website', 'consentWebsite'],
    ['Photo Consent Website', 'consentWebsite'],
    ['Press Consent', 'consentPress'],
    ['Consent: Press', 'consentPress'],
    ['Newspaper Consent', 'consentPress'],
    ['Media Consent', 'consentPress'],
    ['Never Publish', 'neverPublish'],
    ['Do Not Publish', 'neverPublish'],
    ['Leaving Date', 'leavingDate'],
    ['Date of Leaving', 'leavingDate'],
    ['Contact 1 Forename', 'contact1GivenName'],
    ['Contact 1 Surname', 'contact1FamilyName'],
    ['Contact 1 Name', 'contact1Name'],
    ['Contact 1 Email', 'contact1Email'],
    ['Contact 1 Relationship', 'contact1Relationship'],
    ['Contact 1 Phone', 'contact1Phone'],
    ['Primary Contact Email', 'contact1Email'],
    ['Parent/Carer Name', 'contact1Name'],
    ['Parent Email', 'contact1Email'],
    ['Contact 2 Forename', 'contact2GivenName'],
    ['Contact 2 Surname', 'contact2FamilyName'],
    ['Contact 2 Name', 'contact2Name'],
    ['Contact 2 Email', 'contact2Email'],
    ['Secondary Contact Email', 'contact2Email'],
    ['Parent 2 Mobile', 'contact2Phone'],
  ])('ORG-5: pupil heading %s fills %s', (heading, field) => {
    expect(mapHeaders('pupils', ['Something Else', heading]).mapping).toEqual({ [field]: 1 });
  });

  test('ORG-5: a SIMS pupil export maps every column it needs', () => {
    const header = [
      'Adno',
      'UPN',
      'Legal Surname',
      'Legal Forename',
      'Preferred Forename',
      'DOB',
      'Year',
      'Reg',
      'Gender',
    ];
    expect(mapHeaders('pupils', header)).toEqual({
      mapping: {
        misId: 0,
        upn: 1,
        familyName: 2,
        givenName: 3,
        preferredName: 4,
        dateOfBirth: 5,
        yearGroup: 6,
        formGroup: 7,
      },
      unknownColumns: ['Gender'],
      duplicateColumns: [],
      missingRequired: [],
    });
  });

  test('ORG-5: headings are matched ignoring case, spaces and punctuation', () => {
    const { mapping, missingRequired } = mapHeaders('pupils', [
      'upn',
      'LEGAL_FORENAME',
      'legal-surname',
      'D.O.B.',
      ' year group ',
    ]);
    expect(mapping).toEqual({ upn: 0, givenName: 1, familyName: 2, dateOfBirth: 3, yearGroup: 4 });
    expect(missingRequired).toEqual([]);
  });

  test('ORG-5: missing required pupil columns are listed', () => {
    expect(mapHeaders('pupils', ['UPN', 'Forename']).missingRequired).toEqual([
      'familyName',
      'dateOfBirth',
      'yearGroup',
    ]);
  });

  test('ORG-5: the more specific heading wins when two columns give the same field, whatever their order', () => {
    for (const header of [
      ['Forename', 'Legal Forename'],
      ['Legal Forename', 'Forename'],
    ]) {
      const result = mapHeaders('pupils', header);
      expect(result.mapping.givenName).toBe(header.indexOf('Legal Forename'));
      expect(result.duplicateColumns).toEqual(['Forename']);
    }
  });

  test('ORG-5: a repeated heading uses the first column', () => {
    const result = mapHeaders('pupils', ['UPN', 'UPN']);
    expect(result.mapping.upn).toBe(0);
    expect(result.duplicateColumns).toEqual(['UPN']);
  });

  test('ORG-5: blank headings are ignored, not reported as unknown', () => {
    expect(mapHeaders('pupils', ['UPN', '', '  ', 'Notes']).unknownColumns).toEqual(['Notes']);
  });

  test('ORG-4: a pupil email column is not mistaken for a parent email', () => {
    expect(mapHeaders('pupils', ['Email']).unknownColumns).toEqual(['Email']);
  });
});

describe('mapHeaders: staff', () => {
  test.each([
    ['Staff ID', 'misId'],
    ['Staff Code', 'misId'],
    ['Employee Number', 'misId'],
    ['Employee ID', 'misId'],
    ['Payroll Number', 'misId'],
    ['MIS ID', 'misId'],
    ['Legal Forename', 'givenName'],
    ['First Name', 'givenName'],
    ['Preferred Forename', 'givenName'],
    ['Legal Surname', 'familyName'],
    ['Last Name', 'familyName'],
    ['Work Email', 'email'],
    ['Email', 'email'],
    ['Email Address', 'email'],
    ['School Email', 'email'],
    ['Employment Type', 'employmentType'],
    ['Contract Type', 'employmentType'],
    ['Staff Type', 'employmentType'],
    ['Category', 'employmentType'],
    ['Role', 'jobTitle'],
    ['Job Title', 'jobTitle'],
    ['Post', 'jobTitle'],
    ['Position', 'jobTitle'],
    ['Start Date', 'startDate'],
    ['Employment Start Date', 'startDate'],
    ['Date of Arrival', 'startDate'],
    ['Leaving Date', 'leavingDate'],
    ['End Date', 'leavingDate'],
    ['Employment End Date', 'leavingDate'],
  ])('ORG-5: staff heading %s fills %s', (heading, field) => {
    expect(mapHeaders('staff', [heading]).mapping).toEqual({ [field]: 0 });
  });

  test('ORG-5: a legal forename beats a preferred forename for staff', () => {
    const result = mapHeaders('staff', ['Preferred Forename', 'Legal Forename']);
    expect(result.mapping.givenName).toBe(1);
    expect(result.duplicateColumns).toEqual(['Preferred Forename']);
  });

  test('ORG-5: missing required staff columns are listed', () => {
    expect(mapHeaders('staff', ['Staff Code', 'Surname']).missingRequired).toEqual([
      'givenName',
      'email',
      'employmentType',
    ]);
  });
});

describe('docs/import-headers.md', () => {
  const docs = readFileSync(new URL('../../../../../docs/import-headers.md', import.meta.url), 'utf8');

  test.each<ImportKind>(['pupils', 'staff'])('ORG-5: every accepted %s heading is documented', (kind) => {
    for (const { field, headers } of ACCEPTED_HEADERS[kind]) {
      if (field.startsWith('contact')) continue;
      for (const heading of headers) expect(docs, `${kind} heading ${heading}`).toContain(heading);
    }
  });

  test('ORG-4: every accepted contact heading is a documented prefix followed by a documented part', () => {
    const contactHeadings = ACCEPTED_HEADERS.pupils
      .filter((f) => f.field.startsWith('contact'))
      .flatMap((f) => f.headers);
    const section = docs.slice(docs.indexOf('### Parents and carers'), docs.indexOf('## Staff'));
    const documented = (line: string) =>
      section
        .split('\n')
        .find((l) => l.startsWith(line))!
        .split('|')[2]!
        .split(',')
        .map((s) => s.trim());
    const prefixes = [...documented('| 1 |'), ...documented('| 2 |')];
    const parts = [
      '| Forename |',
      '| Surname |',
      '| Full name |',
      '| Email |',
      '| Phone |',
      '| Relationship |',
    ].flatMap(documented);
    for (const heading of contactHeadings) {
      expect(
        prefixes.some((p) => heading.startsWith(`${p} `) && parts.includes(heading.slice(p.length + 1))),
        heading,
      ).toBe(true);
    }
  });
});
