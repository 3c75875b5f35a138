// Turns the text of an MIS export into validated pupil or staff rows. Pure: no I/O, no clock.

import { readCsv, sniffDelimiter } from './csv.ts';
import {
  ACCEPTED_HEADERS,
  mapHeaders,
  type FieldHeaders,
  type HeaderMapping,
  type ImportKind,
  type PupilField,
  type StaffField,
} from './headers.ts';
import {
  parseEmail,
  parseEmploymentType,
  parseUkDate,
  parseUpn,
  parseYearGroup,
  parseYesNo,
  type EmploymentType,
} from './values.ts';

export interface ImportError {
  /** Row number as a spreadsheet shows it: the heading row is line 1. */
  line: number;
  /** The column heading as written in the file. */
  column?: string;
  message: string;
}

export interface HeaderProblem {
  message: string;
  acceptedHeaders: readonly FieldHeaders[];
  /** Labels of the required fields the file has no column for. */
  missingFields: string[];
}

export interface PupilContact {
  givenName: string;
  familyName: string;
  email?: string;
  phone?: string;
  relationship?: string;
}

export interface PupilRow {
  line: number;
  upn: string;
  misId?: string;
  givenName: string;
  familyName: string;
  /** Set when the file has a preferred forename that differs from the legal one; show it in preference. */
  preferredName?: string;
  /** ISO YYYY-MM-DD. */
  dateOfBirth: string;
  /** N1 = -2, N2 = -1, Reception = 0, then 1..14. */
  yearGroup: number;
  formGroup?: string;
  consentSocial: boolean;
  consentWebsite: boolean;
  consentPress: boolean;
  neverPublish: boolean;
  /** ISO YYYY-MM-DD. */
  leavingDate?: string;
  contacts: PupilContact[];
}

export interface StaffRow {
  line: number;
  misId: string;
  givenName: string;
  familyName: string;
  /** Lower-cased. */
  email: string;
  employmentType: EmploymentType;
  jobTitle?: string;
  /** ISO YYYY-MM-DD. */
  startDate?: string;
  /** ISO YYYY-MM-DD. */
  leavingDate?: string;
}

export type ImportRow<K extends ImportKind> = K extends 'pupils' ? PupilRow : StaffRow;

export interface ImportParseResult<R> {
  /** Rows with no errors. A row with any error is left out and its errors are listed. */
  rows: R[];
  errors: ImportError[];
  /** Set instead of row errors when the headings do not give every required field. */
  headerProblem?: HeaderProblem;
  /** Data rows in the file (blank rows not counted). */
  totalRows: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const BOM = '\uFEFF';

export function parseImport(kind: 'pupils', text: string, today: string): ImportParseResult<PupilRow>;
export function parseImport(kind: 'staff', text: string, today: string): ImportParseResult<StaffRow>;
export function parseImport<K extends ImportKind>(
  kind: K,
  text: string,
  today: string,
): ImportParseResult<ImportRow<K>>;
export function parseImport(kind: ImportKind, text: string, today: string): ImportParseResult<PupilRow | StaffRow> {
  if (!ISO_DATE.test(today)) throw new TypeError(`today must be an ISO date (YYYY-MM-DD), got ${today}`);
  if (text.startsWith(BOM)) text = text.slice(1);
  const rows: (PupilRow | StaffRow)[] = [];
  const errors: ImportError[] = [];
  let header: string[] | undefined;
  let headerProblem: HeaderProblem | undefined;
  let validate: Validator<PupilRow | StaffRow> | undefined;
  let totalRows = 0;

  const problem = readCsv(text, sniffDelimiter(text), (cells, line) => {
    if (isBlank(cells)) return;
    if (!header) {
      header = cells;
      const mapped = mapHeaders(kind, cells);
      const { mapping } = mapped;
      headerProblem = describeHeaderProblem(kind, cells, mapped);
      if (!headerProblem)
        validate = kind === 'pupils' ? pupilValidator(mapping, cells, today) : staffValidator(mapping, cells);
      return;
    }
    totalRows++;
    if (!validate) return;
    if (cells.length !== header.length && !(cells.length > header.length && isBlank(cells, header.length))) {
      errors.push({
        line,
        message: `This line has ${cells.length} values but the heading line has ${header.length}. Check for a missing value, or a comma inside a value that is not in quotes`,
      });
      return;
    }
    const row = validate(cells, line, errors);
    if (row) rows.push(row);
  });

  if (problem && !headerProblem) {
    const where = problem.kind === 'unclosed-quote' ? 'that is never closed' : 'in the wrong place';
    errors.push({
      line: problem.row,
      message: `Line ${problem.row} has a quotation mark (") ${where}, so the file cannot be read from there on. Correct that line and upload the file again`,
    });
    return { rows: [], errors, totalRows };
  }
  if (!header) {
    const message = 'The file is empty. Export the list from your MIS again and upload that file.';
    headerProblem = { message, acceptedHeaders: ACCEPTED_HEADERS[kind], missingFields: [] };
  }
  if (headerProblem) return { rows: [], errors: [], headerProblem, totalRows };
  return { rows, errors, totalRows };
}

function isBlank(cells: readonly string[], from = 0): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i] !== '') return false;
  return true;
}

const NOUN: Record<ImportKind, string> = { pupils: 'pupil', staff: 'staff' };
const EXAMPLE_HEADINGS: Record<ImportKind, string> = {
  pupils: 'UPN, Legal Forename, Legal Surname, DOB and Year',
  staff: 'Staff ID, Legal Forename, Legal Surname, Work Email and Employment Type',
};

function describeHeaderProblem(
  kind: ImportKind,
  headerRow: string[],
  mapped: HeaderMapping<string>,
): HeaderProblem | undefined {
  const { mapping, missingRequired } = mapped;
  if (missingRequired.length === 0) return undefined;
  const fields: readonly FieldHeaders[] = ACCEPTED_HEADERS[kind];
  const missingFields = missingRequired.map((f) => fields.find((x) => x.field === f)!.label);
  const other: ImportKind = kind === 'pupils' ? 'staff' : 'pupils';
  let message: string;
  if (mapHeaders(other, headerRow).missingRequired.length === 0) {
    message = `This looks like a ${NOUN[other]} list, not a ${NOUN[kind]} list. Choose the ${NOUN[other]} import instead.`;
  } else if (Object.keys(mapping).length === 0) {
    message = `We did not recognise the column headings in this file. The first line must be the column headings, for example ${EXAMPLE_HEADINGS[kind]}. The headings we accept are listed below.`;
  } else {
    const list = missingFields.map(inSentence);
    const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
    message = `We could not find a column for ${joined}. Add ${list.length === 1 ? 'it' : 'them'} to the export using one of the headings listed below, then upload the file again.`;
  }
  return { message, acceptedHeaders: fields, missingFields };
}

/** "Date of birth" -> "date of birth"; "UPN" and "MIS ID" stay as they are. */
const inSentence = (label: string): string =>
  /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;

// ---------------------------------------------------------------- row validators

type Validator<R> = (cells: string[], line: number, errors: ImportError[]) => R | undefined;

/** Reads the values of one row at a time and records its errors. One per import, reused for every row. */
class RowReader {
  private cells: string[] = [];
  private line = 0;
  private errors: ImportError[] = [];
  failed = false;

  constructor(private readonly header: readonly string[]) {}

  start(cells: string[], line: number, errors: ImportError[]): void {
    this.cells = cells;
    this.line = line;
    this.errors = errors;
    this.failed = false;
  }

  /** The trimmed value, or '' when the file has no such column. */
  text(column: number | undefined): string {
    return column === undefined ? '' : this.cells[column]!;
  }

  fail(column: number | undefined, message: string): void {
    this.failed = true;
    const heading = column === undefined ? undefined : this.header[column];
    this.errors.push(
      heading === undefined ? { line: this.line, message } : { line: this.line, column: heading, message },
    );
  }

  required(column: number | undefined, label: string, message = `${label} is missing`): string {
    const text = this.text(column);
    if (text === '') this.fail(column, message);
    return text;
  }

  /** ISO date, or undefined when blank or unreadable (unreadable, or blank and required, is an error). */
  date(column: number | undefined, label: string, required: boolean): string | undefined {
    const text = required ? this.required(column, label) : this.text(column);
    if (text === '') return undefined;
    const date = parseUkDate(text);
    if (date.ok) return date.value;
    this.fail(column, date.message);
    return undefined;
  }

  yesNo(column: number | undefined, subject: string): boolean {
    const flag = parseYesNo(this.text(column), subject);
    if (flag.ok) return flag.value;
    this.fail(column, flag.message);
    return false;
  }
}

interface ContactColumns {
  n: 1 | 2;
  givenName?: number;
  familyName?: number;
  name?: number;
  email?: number;
  phone?: number;
  relationship?: number;
}

function pupilValidator(m: Partial<Record<PupilField, number>>, header: string[], today: string): Validator<PupilRow> {
  const r = new RowReader(header);
  const firstLineOfUpn = new Map<string, number>();
  const contactColumns: ContactColumns[] = ([1, 2] as const)
    .map((n) => ({
      n,
      givenName: m[`contact${n}GivenName`],
      familyName: m[`contact${n}FamilyName`],
      name: m[`contact${n}Name`],
      email: m[`contact${n}Email`],
      phone: m[`contact${n}Phone`],
      relationship: m[`contact${n}Relationship`],
    }))
    .filter((c) => [c.givenName, c.familyName, c.name, c.email, c.phone, c.relationship].some((v) => v !== undefined));

  return (cells, line, errors) => {
    r.start(cells, line, errors);

    let upn = r.required(m.upn, 'UPN', 'UPN is missing. Every pupil needs their 13-character Unique Pupil Number');
    if (upn !== '') {
      const parsed = parseUpn(upn);
      if (!parsed.ok) r.fail(m.upn, parsed.message);
      else {
        upn = parsed.value;
        const first = firstLineOfUpn.get(upn);
        if (first === undefined) firstLineOfUpn.set(upn, line);
        else r.fail(m.upn, `UPN ${upn} is also on line ${first}. Each pupil must appear only once in the file`);
      }
    }

    const preferred = r.text(m.preferredName);
    const givenName = r.text(m.givenName) || preferred;
    if (givenName === '') r.fail(m.givenName, 'Forename is missing');
    const familyName = r.required(m.familyName, 'Surname');

    const dateOfBirth = r.date(m.dateOfBirth, 'Date of birth', true);
    if (dateOfBirth !== undefined && dateOfBirth > today) {
      r.fail(m.dateOfBirth, `The date of birth ‘${r.text(m.dateOfBirth)}’ is in the future`);
    }

    let yearGroup = 0;
    const yearText = r.required(m.yearGroup, 'Year group');
    if (yearText !== '') {
      const year = parseYearGroup(yearText);
      if (year.ok) yearGroup = year.value;
      else r.fail(m.yearGroup, year.message);
    }

    const consentSocial = r.yesNo(m.consentSocial, 'Consent');
    const consentWebsite = r.yesNo(m.consentWebsite, 'Consent');
    const consentPress = r.yesNo(m.consentPress, 'Consent');
    const neverPublish = r.yesNo(m.neverPublish, 'Never publish');

    const leavingDate = r.date(m.leavingDate, 'Leaving date', false);
    if (leavingDate !== undefined && dateOfBirth !== undefined && leavingDate < dateOfBirth) {
      r.fail(m.leavingDate, `The leaving date ‘${r.text(m.leavingDate)}’ is before the date of birth`);
    }

    const contacts: PupilContact[] = [];
    for (const c of contactColumns) {
      const contact = readContact(r, c);
      if (contact) contacts.push(contact);
    }

    if (r.failed) return undefined;
    const row: PupilRow = {
      line,
      upn,
      givenName,
      familyName,
      dateOfBirth: dateOfBirth!,
      yearGroup,
      consentSocial,
      consentWebsite,
      consentPress,
      neverPublish,
      contacts,
    };
    const misId = r.text(m.misId);
    if (misId) row.misId = misId;
    if (preferred && preferred !== givenName) row.preferredName = preferred;
    const formGroup = r.text(m.formGroup);
    if (formGroup) row.formGroup = formGroup;
    if (leavingDate) row.leavingDate = leavingDate;
    return row;
  };
}

function readContact(r: RowReader, c: ContactColumns): PupilContact | undefined {
  let givenName = r.text(c.givenName);
  let familyName = r.text(c.familyName);
  const fullName = r.text(c.name);
  const emailText = r.text(c.email);
  const phone = r.text(c.phone);
  const relationship = r.text(c.relationship);
  if (!givenName && !familyName && !fullName && !emailText && !phone && !relationship) return undefined;
  if (!givenName && !familyName && fullName) ({ givenName, familyName } = splitFullName(fullName));
  if (!givenName && !familyName) {
    r.fail(c.name ?? c.familyName ?? c.givenName, `Contact ${c.n} has contact details but no name`);
    return undefined;
  }
  const contact: PupilContact = { givenName, familyName };
  if (emailText) {
    const email = parseEmail(emailText);
    if (email.ok) contact.email = email.value;
    else r.fail(c.email, `Contact ${c.n} email: ${email.message}`);
  }
  if (phone) contact.phone = phone;
  if (relationship) contact.relationship = relationship;
  return contact;
}

const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|rev|sir|dame|lady|lord)\.?\s+/i;

/** "Mrs Amira Haddad" -> Amira / Haddad; "Haddad, Amira" -> Amira / Haddad; "Mr Haddad" -> '' / Haddad. */
export function splitFullName(fullName: string): { givenName: string; familyName: string } {
  const comma = fullName.indexOf(',');
  if (comma !== -1) {
    return {
      givenName: fullName
        .slice(comma + 1)
        .trim()
        .replace(TITLE, ''),
      familyName: fullName.slice(0, comma).trim(),
    };
  }
  const name = fullName.replace(TITLE, '').trim();
  const space = name.lastIndexOf(' ');
  return space === -1
    ? { givenName: '', familyName: name }
    : { givenName: name.slice(0, space).trim(), familyName: name.slice(space + 1) };
}

function staffValidator(m: Partial<Record<StaffField, number>>, header: string[]): Validator<StaffRow> {
  const r = new RowReader(header);
  const firstLineOfId = new Map<string, number>();
  const firstLineOfEmail = new Map<string, number>();

  return (cells, line, errors) => {
    r.start(cells, line, errors);

    const misId = r.required(m.misId, 'Staff ID');
    if (misId !== '') {
      const first = firstLineOfId.get(misId);
      if (first === undefined) firstLineOfId.set(misId, line);
      else r.fail(m.misId, `Staff ID ${misId} is also on line ${first}. Each person must appear only once in the file`);
    }
    const givenName = r.required(m.givenName, 'Forename');
    const familyName = r.required(m.familyName, 'Surname');

    let email = r.required(m.email, 'Work email');
    if (email !== '') {
      const parsed = parseEmail(email);
      if (!parsed.ok) r.fail(m.email, parsed.message);
      else {
        email = parsed.value;
        const first = firstLineOfEmail.get(email);
        if (first === undefined) firstLineOfEmail.set(email, line);
        else
          r.fail(
            m.email,
            `The email address ${email} is also on line ${first}. Each person needs their own email address`,
          );
      }
    }

    let employmentType: EmploymentType = 'full-time';
    const typeText = r.required(m.employmentType, 'Employment type');
    if (typeText !== '') {
      const parsed = parseEmploymentType(typeText);
      if (parsed.ok) employmentType = parsed.value;
      else r.fail(m.employmentType, parsed.message);
    }

    const startDate = r.date(m.startDate, 'Start date', false);
    const leavingDate = r.date(m.leavingDate, 'Leaving date', false);
    if (startDate !== undefined && leavingDate !== undefined && leavingDate < startDate) {
      r.fail(
        m.leavingDate,
        `The leaving date ‘${r.text(m.leavingDate)}’ is before the start date ‘${r.text(m.startDate)}’`,
      );
    }

    if (r.failed) return undefined;
    const row: StaffRow = { line, misId, givenName, familyName, email, employmentType };
    const jobTitle = r.text(m.jobTitle);
    if (jobTitle) row.jobTitle = jobTitle;
    if (startDate) row.startDate = startDate;
    if (leavingDate) row.leavingDate = leavingDate;
    return row;
  };
}
