import { randomUUID } from 'node:crypto';
import type { PupilContact, PupilRow, StaffRow } from './rules/index.ts';
import type { ExistingContact, ExistingPupil, ExistingStaff } from './repo.ts';

/**
 * What an import would change, worked out in memory from the file and the current records: pure,
 * so the preview and the apply step agree, and re-importing the same file finds nothing to do.
 */
export interface PupilPlan {
  create: PupilRecord[];
  update: PupilRecord[];
  unchanged: number;
  leavers: Leaver[];
  contacts: ContactChange[];
  /** Pupils on roll before the import (not left by today): how many the leavers are out of. */
  onRoll: number;
}

/** Someone on roll who is not in a file of everyone, so will be marked as leaving today. */
export interface Leaver {
  id: string;
  name: string;
  previousLeavingDate: string | null;
}

/** 'whole': the file is everyone, so anyone on roll who is missing leaves; 'changes': only new and changed people, so nobody leaves. */
export type ImportScope = 'whole' | 'changes';

const onRollBy = (today: string) => (p: { leaving_date: string | null }) =>
  p.leaving_date === null || p.leaving_date > today;

export interface PupilRecord {
  id: string;
  line: number;
  upn: string;
  mis_id: string | null;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  year_group: number;
  form_group: string | null;
  consent_social: boolean;
  consent_website: boolean;
  consent_press: boolean;
  never_publish: boolean;
  leaving_date: string | null;
  changes?: string[];
}

export interface ContactChange {
  pupilId: string;
  parentId: string;
  isNew: boolean;
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
}

const FIELD_LABELS: Record<string, string> = {
  mis_id: 'MIS ID',
  given_name: 'first name',
  family_name: 'last name',
  preferred_name: 'known as',
  date_of_birth: 'date of birth',
  year_group: 'year group',
  form_group: 'class',
  consent_social: 'social media consent',
  consent_website: 'website consent',
  consent_press: 'press consent',
  never_publish: 'never publish',
  leaving_date: 'leaving date',
  email: 'email',
  employment_type: 'works as',
  job_title: 'job title',
  start_date: 'start date',
};

function changedFields<T extends Record<string, unknown>>(before: T, after: T, fields: (keyof T)[]): string[] {
  return fields
    .filter((f) => (before[f] ?? null) !== (after[f] ?? null))
    .map((f) => FIELD_LABELS[f as string] ?? String(f));
}

const PUPIL_FIELDS = [
  'mis_id',
  'given_name',
  'family_name',
  'preferred_name',
  'date_of_birth',
  'year_group',
  'form_group',
  'consent_social',
  'consent_website',
  'consent_press',
  'never_publish',
  'leaving_date',
] as const;

export function planPupilImport(
  rows: PupilRow[],
  existing: ExistingPupil[],
  contacts: ExistingContact[],
  today: string,
  scope: ImportScope,
): PupilPlan {
  const byUpn = new Map(existing.map((p) => [p.upn, p]));
  const contactsByPupil = new Map<string, ExistingContact[]>();
  for (const c of contacts) {
    const list = contactsByPupil.get(c.pupil_id);
    if (list) list.push(c);
    else contactsByPupil.set(c.pupil_id, [c]);
  }
  const plan: PupilPlan = {
    create: [],
    update: [],
    unchanged: 0,
    leavers: [],
    contacts: [],
    onRoll: existing.filter(onRollBy(today)).length,
  };
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.upn);
    const current = byUpn.get(row.upn);
    const record: PupilRecord = {
      id: current?.id ?? randomUUID(),
      line: row.line,
      upn: row.upn,
      mis_id: row.misId ?? current?.mis_id ?? null,
      given_name: row.givenName,
      family_name: row.familyName,
      preferred_name: row.preferredName ?? null,
      date_of_birth: row.dateOfBirth,
      year_group: row.yearGroup,
      form_group: row.formGroup ?? null,
      consent_social: row.consentSocial,
      consent_website: row.consentWebsite,
      consent_press: row.consentPress,
      // An import can put a pupil on the never-publish list but never takes one off: that is a safeguarding decision.
      never_publish: row.neverPublish || (current?.never_publish ?? false),
      leaving_date: row.leavingDate ?? null,
    };
    if (!current) plan.create.push(record);
    else {
      const changes = changedFields(
        current as unknown as Record<string, unknown>,
        record as unknown as Record<string, unknown>,
        [...PUPIL_FIELDS],
      );
      if (changes.length) plan.update.push({ ...record, changes });
      else plan.unchanged++;
    }
    plan.contacts.push(...planContacts(record.id, row.contacts, contactsByPupil.get(record.id) ?? []));
  }
  for (const pupil of scope === 'whole' ? existing : []) {
    if (!seen.has(pupil.upn) && onRollBy(today)(pupil)) {
      plan.leavers.push({
        id: pupil.id,
        name: `${pupil.given_name} ${pupil.family_name}`,
        previousLeavingDate: pupil.leaving_date,
      });
    }
  }
  return plan;
}

const sameName = (a: { given_name: string; family_name: string }, b: PupilContact) =>
  a.given_name.toLowerCase() === b.givenName.toLowerCase() &&
  a.family_name.toLowerCase() === b.familyName.toLowerCase();

function planContacts(pupilId: string, wanted: PupilContact[], current: ExistingContact[]): ContactChange[] {
  const changes: ContactChange[] = [];
  // Names are matched before emails (two parents often share one family email), and each existing
  // parent is matched at most once, so one parent's record is never rewritten as the other's.
  const unmatched = new Set(current);
  const take = (found: ExistingContact | undefined) => {
    if (found) unmatched.delete(found);
    return found;
  };
  const matches = wanted.map((contact) => take([...unmatched].find((c) => sameName(c, contact))));
  wanted.forEach((contact, i) => {
    const email = contact.email?.toLowerCase() ?? null;
    if (!matches[i] && email !== null) matches[i] = take([...unmatched].find((c) => c.email === email));
  });
  wanted.forEach((contact, i) => {
    const match = matches[i];
    const email = contact.email?.toLowerCase() ?? null;
    const next = {
      given_name: contact.givenName,
      family_name: contact.familyName,
      email,
      phone: contact.phone ?? null,
      relationship: contact.relationship ?? null,
    };
    if (!match) changes.push({ pupilId, parentId: randomUUID(), isNew: true, ...next });
    else if (
      match.given_name !== next.given_name ||
      match.family_name !== next.family_name ||
      match.email !== next.email ||
      match.phone !== next.phone ||
      match.relationship !== next.relationship
    ) {
      changes.push({ pupilId, parentId: match.id, isNew: false, ...next });
    }
  });
  return changes;
}

export interface StaffPlan {
  create: StaffRecord[];
  update: StaffRecord[];
  unchanged: number;
  leavers: Leaver[];
  errors: { line: number; column?: string; message: string }[];
  /** Staff from the MIS on the list before the import (not left by today). */
  onRoll: number;
}

export interface StaffRecord {
  id: string;
  line: number;
  mis_id: string;
  given_name: string;
  family_name: string;
  email: string;
  employment_type: string;
  job_title: string | null;
  start_date: string | null;
  leaving_date: string | null;
  changes?: string[];
}

const STAFF_FIELDS = [
  'given_name',
  'family_name',
  'email',
  'employment_type',
  'job_title',
  'start_date',
  'leaving_date',
] as const;

export function planStaffImport(
  rows: StaffRow[],
  existing: ExistingStaff[],
  emailOwners: Map<string, { id: string }>,
  today: string,
  scope: ImportScope,
): StaffPlan {
  const byMisId = new Map(existing.map((p) => [p.mis_id!, p]));
  const plan: StaffPlan = {
    create: [],
    update: [],
    unchanged: 0,
    leavers: [],
    errors: [],
    onRoll: existing.filter(onRollBy(today)).length,
  };
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.misId);
    const current = byMisId.get(row.misId);
    const owner = emailOwners.get(row.email);
    if (owner && owner.id !== current?.id) {
      plan.errors.push({
        line: row.line,
        column: 'email',
        message: `The email address ${row.email} already belongs to another person in Postwarden`,
      });
      continue;
    }
    const record: StaffRecord = {
      id: current?.id ?? randomUUID(),
      line: row.line,
      mis_id: row.misId,
      given_name: row.givenName,
      family_name: row.familyName,
      email: row.email,
      employment_type: row.employmentType,
      job_title: row.jobTitle ?? null,
      start_date: row.startDate ?? null,
      leaving_date: row.leavingDate ?? null,
    };
    if (!current) plan.create.push(record);
    else {
      const changes = changedFields(
        { ...current, email: current.email?.toLowerCase() ?? null } as unknown as Record<string, unknown>,
        record as unknown as Record<string, unknown>,
        [...STAFF_FIELDS],
      );
      if (changes.length) plan.update.push({ ...record, changes });
      else plan.unchanged++;
    }
  }
  for (const person of scope === 'whole' ? existing : []) {
    if (!seen.has(person.mis_id!) && onRollBy(today)(person)) {
      plan.leavers.push({
        id: person.id,
        name: `${person.given_name} ${person.family_name}`,
        previousLeavingDate: person.leaving_date,
      });
    }
  }
  return plan;
}
