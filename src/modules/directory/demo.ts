import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { makeUpn } from './import/rules/index.ts';

/** Invented names only: no real pupils, staff or schools. */
const GIVEN = [
  'Amara',
  'Olly',
  'Priya',
  'Kofi',
  'Freya',
  'Idris',
  'Maisie',
  'Tomasz',
  'Leila',
  'Rhys',
  'Zainab',
  'Callum',
  'Evie',
  'Dev',
  'Niamh',
  'Jonah',
  'Aaliyah',
  'Finley',
  'Hana',
  'Otis',
  'Sienna',
  'Yusuf',
  'Martha',
  'Kai',
  'Ivy',
  'Reuben',
  'Anya',
  'Ezra',
  'Poppy',
  'Bilal',
  'Esme',
  'Louis',
  'Nia',
  'Arlo',
  'Wren',
  'Sami',
  'Tilly',
  'Cormac',
  'Lola',
  'Femi',
];
const FAMILY = [
  'Okafor',
  'Hartley',
  'Nowak',
  'Chaudhry',
  'Pennington',
  'Mensah',
  'Ashworth',
  'Kowalczyk',
  'Rahman',
  'Fairbairn',
  'Delaney',
  'Osei',
  'Thistlewood',
  'Varga',
  'Begum',
  'Marchetti',
  'Quayle',
  'Adeyemi',
  'Lindqvist',
  'Hollis',
  'Brennan',
  'Iqbal',
  'Whitcombe',
  'Achterberg',
  'Nakamura',
  'Sowerby',
  'Castellano',
  'Ferreira',
  'Gallagher',
  'Ilunga',
  'Baker',
  'Brown',
  'Hope',
];

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoPerson {
  key: string;
  givenName: string;
  familyName: string;
  employmentType: string;
  jobTitle: string;
  school: 'primary' | 'secondary' | null;
  roles: { role: Role; school: 'primary' | 'secondary' | null }[];
  signIn: boolean;
  leavingDate?: string;
}

/** The people who run the demo: every role (ORG-3) and every way of working with a school (ORG-2). */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'trust-admin',
    givenName: 'Morag',
    familyName: 'Ellery',
    employmentType: 'full-time',
    jobTitle: 'Trust operations manager',
    school: null,
    roles: [{ role: 'trust_admin', school: null }],
    signIn: true,
  },
  {
    key: 'ceo',
    givenName: 'Desmond',
    familyName: 'Achebe',
    employmentType: 'full-time',
    jobTitle: 'Chief executive officer',
    school: null,
    roles: [{ role: 'trust_leader', school: null }],
    signIn: true,
  },
  {
    key: 'head-primary',
    givenName: 'Helen',
    familyName: 'Pryce',
    employmentType: 'full-time',
    jobTitle: 'Head of School',
    school: 'primary',
    roles: [{ role: 'headteacher', school: 'primary' }],
    signIn: true,
  },
  {
    key: 'dsl-primary',
    givenName: 'Farah',
    familyName: 'Siddiqui',
    employmentType: 'full-time',
    jobTitle: 'Deputy headteacher',
    school: 'primary',
    roles: [
      { role: 'dsl', school: 'primary' },
      { role: 'slt', school: 'primary' },
    ],
    signIn: true,
  },
  {
    key: 'office-primary',
    givenName: 'Gareth',
    familyName: 'Lowe',
    employmentType: 'part-time',
    jobTitle: 'School business manager',
    school: 'primary',
    roles: [
      { role: 'school_admin', school: 'primary' },
      { role: 'account_admin', school: 'primary' },
    ],
    signIn: true,
  },
  {
    key: 'teacher-primary',
    givenName: 'Chloe',
    familyName: 'Marsden',
    employmentType: 'full-time',
    jobTitle: 'Year 6 teacher',
    school: 'primary',
    roles: [],
    signIn: true,
  },
  {
    key: 'head-secondary',
    givenName: 'Anthony',
    familyName: 'Kerridge',
    employmentType: 'full-time',
    jobTitle: 'Headteacher',
    school: 'secondary',
    roles: [{ role: 'headteacher', school: 'secondary' }],
    signIn: true,
  },
  {
    key: 'slt-secondary',
    givenName: 'Joanna',
    familyName: 'Baptiste',
    employmentType: 'full-time',
    jobTitle: 'Assistant headteacher',
    school: 'secondary',
    roles: [
      { role: 'slt', school: 'secondary' },
      { role: 'line_manager', school: 'secondary' },
    ],
    signIn: true,
  },
  {
    key: 'dsl-secondary',
    givenName: 'Neil',
    familyName: 'Oyelaran',
    employmentType: 'full-time',
    jobTitle: 'Designated safeguarding lead',
    school: 'secondary',
    roles: [{ role: 'dsl', school: 'secondary' }],
    signIn: true,
  },
  {
    key: 'deputy-dsl-secondary',
    givenName: 'Sarah',
    familyName: 'Whitlock',
    employmentType: 'full-time',
    jobTitle: 'Pastoral lead',
    school: 'secondary',
    roles: [{ role: 'deputy_dsl', school: 'secondary' }],
    signIn: true,
  },
  {
    key: 'comms-secondary',
    givenName: 'Lewis',
    familyName: 'Trevithick',
    employmentType: 'fixed-term',
    jobTitle: 'Communications officer',
    school: 'secondary',
    roles: [
      { role: 'account_admin', school: 'secondary' },
      { role: 'school_admin', school: 'secondary' },
    ],
    signIn: true,
  },
  {
    key: 'hr',
    givenName: 'Bethan',
    familyName: 'Arkwright',
    employmentType: 'part-time',
    jobTitle: 'HR adviser',
    school: 'secondary',
    roles: [
      { role: 'hr', school: 'secondary' },
      { role: 'hr', school: 'primary' },
    ],
    signIn: true,
  },
  {
    key: 'governor',
    givenName: 'Patrick',
    familyName: 'Nwosu',
    employmentType: 'governor',
    jobTitle: 'Chair of governors',
    school: 'primary',
    roles: [{ role: 'governor', school: 'primary' }],
    signIn: true,
  },
  {
    key: 'pe-teacher',
    givenName: 'Dylan',
    familyName: 'Fairclough',
    employmentType: 'full-time',
    jobTitle: 'Head of PE',
    school: 'secondary',
    roles: [],
    signIn: true,
  },
];

const OTHER_TYPES: [string, string][] = [
  ['full-time', 'Class teacher'],
  ['part-time', 'Teaching assistant'],
  ['fixed-term', 'Maternity cover teacher'],
  ['supply', 'Supply teacher'],
  ['agency', 'Agency cover supervisor'],
  ['trainee', 'Trainee teacher'],
  ['volunteer', 'Reading volunteer'],
  ['consultant', 'Music consultant'],
  ['contractor', 'IT technician (contractor)'],
  ['governor', 'Parent governor'],
];

export interface DirectoryDemo {
  schools: { primary: string; secondary: string };
  personIds: Record<string, string>;
}

export async function seedDirectoryDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  passwordHash: string,
  domain: string,
): Promise<DirectoryDemo> {
  const random = prng(20261122);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const schools = {
    primary: (
      await trx
        .insertInto('school')
        .values({
          trust_id: trustId,
          name: 'Larkfield Primary School',
          slug: 'larkfield-primary',
          phase: 'primary',
          urn: '900101',
          region: 'england-and-wales',
          email_domains: JSON.stringify(['larkfield.sch.uk']),
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
    secondary: (
      await trx
        .insertInto('school')
        .values({
          trust_id: trustId,
          name: 'Harbour Bridge Academy',
          slug: 'harbour-bridge',
          phase: 'secondary',
          urn: '900102',
          region: 'england-and-wales',
          email_domains: JSON.stringify(['harbourbridge.sch.uk']),
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  };
  const schoolId = (s: 'primary' | 'secondary' | null) => (s ? schools[s] : null);
  const personIds: Record<string, string> = {};
  const people: DemoPerson[] = [...DEMO_PEOPLE];
  // The rest of the staff: every kind of working relationship, in both schools, with a few leavers.
  for (let i = 0; i < 28; i++) {
    const [type, title] = OTHER_TYPES[i % OTHER_TYPES.length]!;
    const school = i % 2 === 0 ? 'primary' : 'secondary';
    people.push({
      key: `staff-${i}`,
      givenName: pick(GIVEN),
      familyName: pick(FAMILY),
      employmentType: type,
      jobTitle: title,
      school,
      roles: type === 'governor' ? [{ role: 'governor', school }] : [],
      signIn: false,
      ...(i % 9 === 4 ? { leavingDate: '2026-07-22' } : {}),
    });
  }
  // One insert for the people and one for their roles, in the same order as one at a time.
  const personRows = people.map((p, index) => {
    const id = randomUUID();
    personIds[p.key] = id;
    const email = `${`${p.givenName}.${p.familyName}${p.signIn ? '' : index}`.toLowerCase().replace(/[^a-z.0-9]/g, '')}@${domain}`;
    return {
      id,
      trust_id: trustId,
      school_id: schoolId(p.school),
      mis_id: p.school ? `S${1000 + index}` : null,
      given_name: p.givenName,
      family_name: p.familyName,
      email,
      employment_type: p.employmentType,
      job_title: p.jobTitle,
      start_date: '2019-09-01',
      leaving_date: p.leavingDate ?? null,
      password_hash: p.signIn ? passwordHash : null,
      created_at: now,
      updated_at: now,
    };
  });
  await trx.insertInto('person').values(personRows).execute();
  const roleRows = people.flatMap((p) =>
    p.roles.map((r) => ({
      person_id: personIds[p.key]!,
      trust_id: trustId,
      school_id: schoolId(r.school),
      role: r.role,
    })),
  );
  if (roleRows.length) await trx.insertInto('role_assignment').values(roleRows).execute();
  // Pupils: a one-form-entry primary and a small secondary, mixed consents, three never-publish.
  let upnSeq = 1;
  const neverPublish = new Map([
    [7, 'Looked-after child: placement must not be traceable'],
    [64, 'Subject of a child protection plan'],
    [151, 'Court order: no images to be published'],
  ]);
  for (const [key, years, perYear, forms] of [
    ['primary', [0, 1, 2, 3, 4, 5, 6], 17, ['Oak', 'Ash']],
    ['secondary', [7, 8, 9, 10, 11, 12, 13], 26, ['A', 'B', 'C']],
  ] as const) {
    const pupils = [];
    for (const year of years) {
      for (let i = 0; i < perYear; i++) {
        const n = upnSeq++;
        const birthYear = 2026 - year - 5;
        const month = 1 + Math.floor(random() * 12);
        const consentRoll = random();
        pupils.push({
          id: randomUUID(),
          trust_id: trustId,
          school_id: schools[key],
          upn: makeUpn(n),
          mis_id: `A${10000 + n}`,
          given_name: pick(GIVEN),
          family_name: pick(FAMILY),
          preferred_name: null,
          date_of_birth: `${month >= 9 ? birthYear - 1 : birthYear}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
          year_group: year,
          form_group: key === 'primary' ? `${year === 0 ? 'R' : year}${pick(forms)}` : `${year}${pick(forms)}`,
          consent_social: consentRoll > 0.25,
          consent_website: consentRoll > 0.15,
          consent_press: consentRoll > 0.55,
          never_publish: neverPublish.has(n),
          never_publish_reason: neverPublish.get(n) ?? null,
          leaving_date: n % 53 === 0 ? '2026-07-22' : null,
          created_at: now,
          updated_at: now,
        });
      }
    }
    await trx.insertInto('pupil').values(pupils).execute();
    const parents = pupils.map((p) => ({
      id: randomUUID(),
      trust_id: trustId,
      school_id: schools[key],
      given_name: pick(GIVEN),
      family_name: p.family_name,
      email: `parent.${p.upn.toLowerCase()}@example.com`,
      phone: null,
      created_at: now,
    }));
    await trx.insertInto('parent').values(parents).execute();
    await trx
      .insertInto('pupil_parent')
      .values(
        pupils.map((p, i) => ({
          pupil_id: p.id,
          parent_id: parents[i]!.id,
          relationship: i % 3 === 0 ? 'Father' : i % 7 === 0 ? 'Grandparent' : 'Mother',
        })),
      )
      .execute();
  }
  return { schools, personIds };
}
