// Which column headings we accept for each field. Headings are compared after normalising:
// lower-cased, with everything but letters and digits removed ("Date of Birth" = "DATE_OF_BIRTH" = "dateofbirth").

export type ImportKind = 'pupils' | 'staff';

type ContactNumber = 1 | 2;
type ContactPart = 'GivenName' | 'FamilyName' | 'Name' | 'Email' | 'Phone' | 'Relationship';
export type ContactField = `contact${ContactNumber}${ContactPart}`;

export type PupilField =
  | 'upn'
  | 'misId'
  | 'givenName'
  | 'familyName'
  | 'preferredName'
  | 'dateOfBirth'
  | 'yearGroup'
  | 'formGroup'
  | 'consentSocial'
  | 'consentWebsite'
  | 'consentPress'
  | 'neverPublish'
  | 'leavingDate'
  | ContactField;

export type StaffField =
  | 'misId'
  | 'givenName'
  | 'familyName'
  | 'email'
  | 'employmentType'
  | 'jobTitle'
  | 'startDate'
  | 'leavingDate';

export type ImportField<K extends ImportKind> = K extends 'pupils' ? PupilField : StaffField;

export interface FieldHeaders<F extends string = string> {
  readonly field: F;
  /** Sentence-case name of the field, for pages and messages. */
  readonly label: string;
  readonly required: boolean;
  /** Accepted headings, most preferred first: if a file has two columns for one field, the earlier heading here wins. */
  readonly headers: readonly string[];
}

const GIVEN_NAME = ['Legal Forename', 'Legal First Name', 'Forename', 'First Name', 'Firstname', 'Given Name'];
const FAMILY_NAME = ['Legal Surname', 'Legal Last Name', 'Surname', 'Last Name', 'Family Name'];
const PREFERRED_FORENAME = ['Preferred Forename', 'Preferred First Name', 'Preferred Name', 'Known As'];
const PREFERRED_SURNAME = ['Preferred Surname', 'Preferred Last Name'];

const CONTACT_PREFIXES: Record<ContactNumber, readonly string[]> = {
  1: [
    'Contact 1',
    'Parent 1',
    'Parent/Carer 1',
    'Carer 1',
    'Primary Contact',
    'Priority 1 Contact',
    'Contact',
    'Parent',
    'Parent/Carer',
  ],
  2: ['Contact 2', 'Parent 2', 'Parent/Carer 2', 'Carer 2', 'Secondary Contact', 'Priority 2 Contact'],
};
const CONTACT_PARTS: Record<ContactPart, { label: string; suffixes: readonly string[] }> = {
  GivenName: { label: 'forename', suffixes: ['Forename', 'First Name', 'Given Name'] },
  FamilyName: { label: 'surname', suffixes: ['Surname', 'Last Name', 'Family Name'] },
  Name: { label: 'full name', suffixes: ['Name', 'Full Name'] },
  Email: { label: 'email', suffixes: ['Email', 'Email Address'] },
  Phone: { label: 'phone', suffixes: ['Phone', 'Telephone', 'Mobile', 'Phone Number', 'Mobile Phone'] },
  Relationship: {
    label: 'relationship',
    suffixes: ['Relationship', 'Relationship to Pupil', 'Relationship to Student'],
  },
};

function contactFields(n: ContactNumber): FieldHeaders<ContactField>[] {
  return (Object.keys(CONTACT_PARTS) as ContactPart[]).map((part) => ({
    field: `contact${n}${part}`,
    label: `Contact ${n} ${CONTACT_PARTS[part].label}`,
    required: false,
    headers: CONTACT_PARTS[part].suffixes.flatMap((suffix) =>
      CONTACT_PREFIXES[n].map((prefix) => `${prefix} ${suffix}`),
    ),
  }));
}

/** Punctuation is ignored, so "Consent: Press" also matches "Consent Press" and "Photo Consent (Press)". */
const consent = (words: readonly string[]): string[] =>
  words
    .flatMap((w) => [`${w} Consent`, `Consent: ${w}`, `Photo Consent (${w})`, `${w} Photo Consent`])
    .concat(words[0]!);

export const ACCEPTED_HEADERS: {
  readonly pupils: readonly FieldHeaders<PupilField>[];
  readonly staff: readonly FieldHeaders<StaffField>[];
} = {
  pupils: [
    { field: 'upn', label: 'UPN', required: true, headers: ['UPN', 'Unique Pupil Number', 'Pupil UPN'] },
    {
      field: 'misId',
      label: 'MIS ID',
      required: false,
      headers: ['Admission Number', 'Adno', 'Admission No', 'Adm No', 'MIS ID', 'Pupil ID', 'Student ID'],
    },
    { field: 'givenName', label: 'Forename', required: true, headers: GIVEN_NAME },
    { field: 'familyName', label: 'Surname', required: true, headers: [...FAMILY_NAME, ...PREFERRED_SURNAME] },
    { field: 'preferredName', label: 'Preferred forename', required: false, headers: PREFERRED_FORENAME },
    { field: 'dateOfBirth', label: 'Date of birth', required: true, headers: ['DOB', 'Date of Birth', 'Birth Date'] },
    {
      field: 'yearGroup',
      label: 'Year group',
      required: true,
      headers: ['Year', 'Year Group', 'NC Year', 'National Curriculum Year', 'Year Taught In', 'Curriculum Year', 'Yr'],
    },
    {
      field: 'formGroup',
      label: 'Form or registration group',
      required: false,
      headers: [
        'Reg Group',
        'Registration Group',
        'Form',
        'Form Group',
        'Tutor Group',
        'Class',
        'Registration Form',
        'Reg',
        'Reg Form',
      ],
    },
    { field: 'consentSocial', label: 'Social media consent', required: false, headers: consent(['Social Media']) },
    {
      field: 'consentWebsite',
      label: 'Website consent',
      required: false,
      headers: consent(['Website', 'School Website']),
    },
    {
      field: 'consentPress',
      label: 'Press consent',
      required: false,
      headers: consent(['Press', 'Newspaper', 'Media', 'Press/Media']),
    },
    {
      field: 'neverPublish',
      label: 'Never publish',
      required: false,
      headers: ['Never Publish', 'Do Not Publish', 'Never Publish Images', 'Do Not Publish Images'],
    },
    {
      field: 'leavingDate',
      label: 'Leaving date',
      required: false,
      headers: ['Leaving Date', 'Date of Leaving', 'Leave Date', 'Date Left'],
    },
    ...contactFields(1),
    ...contactFields(2),
  ],
  staff: [
    {
      field: 'misId',
      label: 'Staff ID',
      required: true,
      headers: [
        'Staff ID',
        'Staff Code',
        'Staff Number',
        'Employee Number',
        'Employee No',
        'Employee ID',
        'Payroll Number',
        'Payroll No',
        'MIS ID',
      ],
    },
    { field: 'givenName', label: 'Forename', required: true, headers: [...GIVEN_NAME, ...PREFERRED_FORENAME] },
    { field: 'familyName', label: 'Surname', required: true, headers: [...FAMILY_NAME, ...PREFERRED_SURNAME] },
    {
      field: 'email',
      label: 'Work email',
      required: true,
      headers: ['Work Email', 'Work Email Address', 'School Email', 'Staff Email', 'Email', 'Email Address'],
    },
    {
      field: 'employmentType',
      label: 'Employment type',
      required: true,
      headers: ['Employment Type', 'Contract Type', 'Staff Type', 'Employment Category', 'Staff Category', 'Category'],
    },
    {
      field: 'jobTitle',
      label: 'Job title',
      required: false,
      headers: ['Job Title', 'Role', 'Job Role', 'Post', 'Position'],
    },
    {
      field: 'startDate',
      label: 'Start date',
      required: false,
      headers: ['Start Date', 'Employment Start Date', 'Contract Start Date', 'Date of Arrival'],
    },
    {
      field: 'leavingDate',
      label: 'Leaving date',
      required: false,
      headers: ['Leaving Date', 'End Date', 'Employment End Date', 'Contract End Date', 'Date of Leaving'],
    },
  ],
};

const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;

/** "Date of Birth" -> "dateofbirth". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(NOT_ALPHANUMERIC, '');
}

type Lookup = ReadonlyMap<string, { field: string; rank: number }>;
const buildLookup = (fields: readonly FieldHeaders[]): Lookup =>
  new Map(
    fields.flatMap(({ field, headers }) => headers.map((h, rank) => [normaliseHeader(h), { field, rank }] as const)),
  );
const LOOKUP: Record<ImportKind, Lookup> = {
  pupils: buildLookup(ACCEPTED_HEADERS.pupils),
  staff: buildLookup(ACCEPTED_HEADERS.staff),
};

export interface HeaderMapping<F extends string> {
  /** Field -> 0-based column index, for the fields this file has a column for. */
  mapping: Partial<Record<F, number>>;
  /** Headings we do not use (shown so people know those columns are ignored). Blank headings are left out. */
  unknownColumns: string[];
  /** Headings we recognised but ignored because a more specific column supplies the same field. */
  duplicateColumns: string[];
  missingRequired: F[];
}

export function mapHeaders<K extends ImportKind>(kind: K, headerRow: readonly string[]): HeaderMapping<ImportField<K>> {
  const lookup = LOOKUP[kind];
  const chosen = new Map<string, { column: number; rank: number }>();
  const unknownColumns: string[] = [];
  const duplicateColumns: string[] = [];
  headerRow.forEach((heading, column) => {
    const key = normaliseHeader(heading);
    if (key === '') return;
    const hit = lookup.get(key);
    if (!hit) {
      unknownColumns.push(heading);
      return;
    }
    const current = chosen.get(hit.field);
    if (current && current.rank <= hit.rank) {
      duplicateColumns.push(heading);
      return;
    }
    if (current) duplicateColumns.push(headerRow[current.column]!);
    chosen.set(hit.field, { column, rank: hit.rank });
  });
  const fields = ACCEPTED_HEADERS[kind] as readonly FieldHeaders<ImportField<K>>[];
  const mapping: Partial<Record<ImportField<K>, number>> = {};
  for (const { field } of fields) {
    const hit = chosen.get(field);
    if (hit) mapping[field] = hit.column;
  }
  const missingRequired = fields.filter((f) => f.required && mapping[f.field] === undefined).map((f) => f.field);
  return { mapping, unknownColumns, duplicateColumns, missingRequired };
}
