import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, type Role } from '../../../platform/auth/permissions.ts';
import {
  OPERATOR_RANK,
  ROLE_RANK,
  authorityOf,
  mayChangePerson,
  whoMayInstead,
  type ChangeTarget,
  type Changer,
  type PersonChange,
} from './rules.ts';

const TODAY = '2026-11-18';
const actor = (roles: Role[], id = 'actor'): Changer => ({ kind: 'person', id, roles });
const target = (roles: Role[], operatesOfficialAccount = false, id: string | null = 'target'): ChangeTarget => ({
  id,
  roles,
  operatesOfficialAccount,
});
const newEmail: PersonChange = { email: { from: 'them@school.example', to: 'someone.else@elsewhere.example' } };
const leavingToday: PersonChange = { leavingDate: { from: null, to: TODAY } };
const decide = (a: Changer, t: ChangeTarget, change: PersonChange) =>
  mayChangePerson({ actor: a, target: t, change, today: TODAY });
const allowed = (a: Changer, t: ChangeTarget, change: PersonChange) => decide(a, t, change).allowed;

/** Which roles' holders each staff manager may change the email and leaving date of (when they run no official account). */
const MAY_CHANGE: Record<'hr' | 'school_admin' | 'headteacher' | 'trust_admin', Role[]> = {
  hr: ['staff', 'line_manager'],
  school_admin: ['staff', 'line_manager', 'governor', 'hr', 'slt', 'account_admin'],
  headteacher: ['staff', 'line_manager', 'governor', 'hr', 'slt', 'account_admin', 'school_admin', 'dsl', 'deputy_dsl'],
  trust_admin: [
    'staff',
    'line_manager',
    'governor',
    'hr',
    'slt',
    'account_admin',
    'school_admin',
    'dsl',
    'deputy_dsl',
    'headteacher',
    'chair_of_governors',
    'trust_leader',
  ],
};

describe('mayChangePerson: email and leaving date', () => {
  it('issue 8 item 2: a school administrator cannot change the headteacher’s email (the import takeover)', () => {
    const decision = decide(actor(['school_admin', 'staff']), target(['headteacher']), newEmail);
    expect(decision).toEqual({
      allowed: false,
      refusals: [
        {
          field: 'email',
          reason:
            'You cannot change the email address of someone whose authority is the same as yours or more: it is how they sign in. Ask a trust administrator',
        },
      ],
    });
  });

  it('issue 8 item 3: HR cannot set the headteacher’s leaving date to today, and is told it would end her access at once', () => {
    const decision = decide(actor(['hr', 'staff']), target(['headteacher']), leavingToday);
    expect(decision).toEqual({
      allowed: false,
      refusals: [
        {
          field: 'leavingDate',
          reason:
            'You cannot set or change the leaving date of someone whose authority is the same as yours or more: that would end their access at once. Ask a trust administrator',
        },
      ],
    });
    const later = decide(actor(['hr']), target(['headteacher']), { leavingDate: { from: null, to: '2027-08-31' } });
    expect(later.allowed).toBe(false);
    expect(!later.allowed && later.refusals[0]!.reason).toContain('it decides when their access ends');
  });

  it('issue 8 item 3: HR cannot redirect the sign-in email of a teacher who runs official accounts, though the teacher holds no role', () => {
    const decision = decide(actor(['hr', 'staff']), target(['staff'], true), newEmail);
    expect(decision).toEqual({
      allowed: false,
      refusals: [
        {
          field: 'email',
          reason:
            'You cannot change the email address of someone who runs an official school account: it is how they sign in. Ask a school administrator, the headteacher or a trust administrator',
        },
      ],
    });
    // The same teacher without an account: HR may, and nobody is told, since a plain member of staff is not protected.
    expect(decide(actor(['hr']), target(['staff'], false), newEmail)).toEqual({ allowed: true, tellOldAddress: false });
    // A school administrator, whose role is above an account operator’s, may; the teacher’s old address is told.
    expect(decide(actor(['school_admin']), target(['staff'], true), newEmail)).toEqual({
      allowed: true,
      tellOldAddress: true,
    });
  });

  for (const [role, mayChange] of Object.entries(MAY_CHANGE) as [keyof typeof MAY_CHANGE, Role[]][]) {
    it(`issue 8 item 3: ${role} may change the email and leaving date of exactly ${mayChange.join(', ')}`, () => {
      for (const targetRole of ROLE_NAMES) {
        for (const change of [newEmail, leavingToday, { leavingDate: { from: '2027-07-31', to: null } }]) {
          expect(
            allowed(actor([role, 'staff']), target([targetRole]), change),
            `${role} → ${targetRole} ${JSON.stringify(change)}`,
          ).toBe(mayChange.includes(targetRole));
        }
      }
    });

    it(`issue 8 item 3: ${role} may change an account operator only when their role is above an account administrator’s`, () => {
      for (const targetRole of ROLE_NAMES) {
        const expected = ROLE_RANK[role] > Math.max(ROLE_RANK[targetRole], OPERATOR_RANK);
        expect(allowed(actor([role]), target([targetRole], true), newEmail), `${role} → operator ${targetRole}`).toBe(
          expected,
        );
        expect(
          allowed(actor([role]), target([targetRole], true), leavingToday),
          `${role} → operator ${targetRole}`,
        ).toBe(expected);
      }
    });
  }

  it('issue 8 item 3: a person’s authority is their most senior role anywhere in the trust, and an actor’s is their most senior role', () => {
    // SLT in one school and DSL in another: a school administrator may not change them.
    expect(allowed(actor(['school_admin']), target(['slt', 'dsl']), newEmail)).toBe(false);
    // An HR officer who is also the headteacher acts with a headteacher’s authority.
    expect(allowed(actor(['hr', 'headteacher']), target(['school_admin']), newEmail)).toBe(true);
    expect(authorityOf(target(['staff', 'governor']))).toBe(ROLE_RANK.governor);
    expect(authorityOf(target([], true))).toBe(OPERATOR_RANK);
    expect(authorityOf(target(['headteacher'], true))).toBe(ROLE_RANK.headteacher);
    // Roles it does not know carry no authority and do not break the rule.
    expect(authorityOf({ id: 'x', roles: ['wizard'], operatesOfficialAccount: false })).toBe(0);
  });

  it('issue 8 item 3: nobody may change the protected details of someone with exactly their own roles', () => {
    for (const role of ROLE_NAMES) {
      if (role === 'staff') continue;
      expect(allowed(actor([role]), target([role]), newEmail), role).toBe(false);
      expect(allowed(actor([role]), target([role]), leavingToday), role).toBe(false);
    }
  });

  it('issue 8 item 3: people may keep their own email and leaving date up to date, and a change of their own address is told to the old one', () => {
    const head = actor(['headteacher'], 'head');
    expect(decide(head, target(['headteacher'], true, 'head'), newEmail)).toEqual({
      allowed: true,
      tellOldAddress: true,
    });
    expect(decide(actor(['staff'], 'me'), target(['staff'], false, 'me'), newEmail)).toEqual({
      allowed: true,
      tellOldAddress: true,
    });
    expect(
      decide(actor(['staff'], 'me'), target(['staff'], false, 'me'), { leavingDate: { from: null, to: '2027-07-31' } }),
    ).toEqual({ allowed: true, tellOldAddress: false });
  });

  it('issue 8 item 3: an allowed change of a protected person’s email or leaving date tells their old address; other details do not', () => {
    const head = actor(['headteacher']);
    expect(decide(head, target(['dsl']), newEmail)).toEqual({ allowed: true, tellOldAddress: true });
    expect(decide(head, target(['line_manager']), leavingToday)).toEqual({ allowed: true, tellOldAddress: true });
    expect(decide(head, target(['dsl']), {})).toEqual({ allowed: true, tellOldAddress: false });
    // Someone being added has no old address.
    expect(
      decide(head, target([], false, null), {
        email: { from: null, to: 'new@school.example' },
        leavingDate: { from: null, to: '2027-07-31' },
      }),
    ).toEqual({ allowed: true, tellOldAddress: false });
  });

  it('issue 8 item 2: an unchanged email (in any letter case or spacing) or leaving date is not a change, so it is never refused', () => {
    const hr = actor(['hr']);
    const head = target(['headteacher']);
    expect(
      decide(hr, head, {
        email: { from: 'Head@School.example', to: ' head@school.example ' },
        leavingDate: { from: '2027-08-31', to: '2027-08-31' },
      }),
    ).toEqual({ allowed: true, tellOldAddress: false });
    expect(decide(hr, head, { email: { from: null, to: '' }, leavingDate: { from: null, to: null } })).toEqual({
      allowed: true,
      tellOldAddress: false,
    });
    // Adding an address where there was none is a change.
    expect(allowed(hr, head, { email: { from: null, to: 'head@school.example' } })).toBe(false);
  });

  it('issue 8 item 2: a change of both email and leaving date is refused on each, with both reasons', () => {
    const decision = decide(actor(['school_admin']), target(['dsl']), { ...newEmail, ...leavingToday });
    expect(decision.allowed).toBe(false);
    expect(!decision.allowed && decision.refusals.map((r) => r.field)).toEqual(['email', 'leavingDate']);
  });

  it('issue 8 item 2: the installation’s operator at the command line may make any change, and protected people are still told', () => {
    const operator: Changer = { kind: 'installation' };
    expect(decide(operator, target(['trust_admin']), newEmail)).toEqual({ allowed: true, tellOldAddress: true });
    expect(decide(operator, target(['staff']), leavingToday)).toEqual({ allowed: true, tellOldAddress: false });
  });

  it('issue 8: who may act instead is named in plain words', () => {
    expect(whoMayInstead(ROLE_RANK.headteacher)).toBe('a trust administrator');
    expect(whoMayInstead(ROLE_RANK.dsl)).toBe('the headteacher or a trust administrator');
    expect(whoMayInstead(OPERATOR_RANK)).toBe('a school administrator, the headteacher or a trust administrator');
    expect(whoMayInstead(ROLE_RANK.line_manager)).toBe(
      'HR, a school administrator, the headteacher or a trust administrator',
    );
    expect(whoMayInstead(ROLE_RANK.trust_admin)).toBe('nobody else: they can change it themselves when signed in');
  });
});

describe('mayChangePerson: roles', () => {
  const roles = (from: Role[], to: Role[]): PersonChange => ({ roles: { from, to } });
  const reasonOf = (a: Changer, t: ChangeTarget, change: PersonChange) => {
    const d = decide(a, t, change);
    return d.allowed ? undefined : d.refusals.map((r) => r.reason);
  };

  it('ORG-3: nobody changes their own roles', () => {
    expect(
      reasonOf(
        actor(['school_admin'], 'me'),
        target(['school_admin'], false, 'me'),
        roles(['school_admin'], ['school_admin', 'slt']),
      ),
    ).toEqual(['You cannot change your own roles. Ask another administrator']);
    expect(
      reasonOf(actor(['headteacher'], 'me'), target(['headteacher'], false, 'me'), roles(['headteacher'], [])),
    ).toEqual(['You cannot change your own roles. Ask another administrator']);
  });

  it('ORG-3: only holders of roles.sensitive.manage give or remove the headteacher and safeguarding roles', () => {
    for (const sensitive of ['headteacher', 'dsl', 'deputy_dsl'] as Role[]) {
      expect(reasonOf(actor(['school_admin']), target([]), roles([], [sensitive]))).toEqual([
        'Only the headteacher or a trust administrator can give or remove the headteacher and safeguarding lead roles',
      ]);
      expect(allowed(actor(['headteacher']), target([]), roles([], [sensitive]))).toBe(true);
      expect(allowed(actor(['trust_admin']), target([]), roles([], [sensitive]))).toBe(true);
    }
  });

  it('ORG-3: HR gives only roles within its own access; a school administrator gives any ordinary school role', () => {
    for (const role of ['school_admin', 'slt', 'account_admin', 'governor'] as Role[]) {
      expect(reasonOf(actor(['hr']), target([]), roles([], [role])), role).toEqual([
        'You can only give or remove roles that allow no more than your own roles do',
      ]);
    }
    expect(allowed(actor(['hr']), target([]), roles([], ['line_manager', 'staff']))).toBe(true);
    for (const role of ['school_admin', 'slt', 'account_admin', 'governor', 'line_manager', 'hr'] as Role[]) {
      expect(allowed(actor(['school_admin']), target([]), roles([], [role])), role).toBe(true);
    }
    // Trust roles are never given in a school.
    expect(allowed(actor(['school_admin']), target([]), roles([], ['trust_admin']))).toBe(false);
  });

  it('issue 8 item 2: the roles of someone whose authority is the same as yours or more need a role above theirs', () => {
    // A school administrator cannot demote another administrator, nor strip SLT from a DSL.
    expect(reasonOf(actor(['school_admin']), target(['school_admin']), roles(['school_admin'], []))).toEqual([
      'You cannot change the roles of someone whose authority is the same as yours or more. Ask the headteacher or a trust administrator',
    ]);
    expect(allowed(actor(['school_admin']), target(['dsl', 'slt']), roles(['slt'], []))).toBe(false);
    expect(allowed(actor(['headteacher']), target(['school_admin']), roles(['school_admin'], []))).toBe(true);
    // HR cannot change the roles of an account operator.
    expect(allowed(actor(['hr']), target(['staff'], true), roles([], ['line_manager']))).toBe(false);
    expect(allowed(actor(['hr']), target(['staff'], false), roles([], ['line_manager']))).toBe(true);
    // Giving roles to someone being added is judged only on the roles given.
    expect(allowed(actor(['school_admin']), target([], false, null), roles([], ['school_admin', 'slt']))).toBe(true);
  });

  it('ORG-3: saving the same roles is not a change and needs no authority', () => {
    expect(decide(actor(['hr']), target(['headteacher']), roles(['headteacher'], ['headteacher']))).toEqual({
      allowed: true,
      tellOldAddress: false,
    });
  });
});

describe('mayChangePerson: resetting a second factor (AUTH-2)', () => {
  const reset: PersonChange = { secondFactorReset: true };

  /** Whose second factor each staff manager may reset: anyone whose authority is at most their own. */
  const MAY_RESET: Record<'hr' | 'school_admin' | 'headteacher' | 'trust_admin', Role[]> = {
    hr: ['staff', 'line_manager', 'governor', 'hr'],
    school_admin: ['staff', 'line_manager', 'governor', 'hr', 'slt', 'account_admin', 'school_admin'],
    headteacher: [
      'staff',
      'line_manager',
      'governor',
      'hr',
      'slt',
      'account_admin',
      'school_admin',
      'dsl',
      'deputy_dsl',
      'headteacher',
    ],
    trust_admin: ROLE_NAMES,
  };

  for (const [role, mayReset] of Object.entries(MAY_RESET) as [keyof typeof MAY_RESET, Role[]][]) {
    it(`AUTH-2: ${role} may reset the second factor of exactly ${mayReset.join(', ')}`, () => {
      for (const targetRole of ROLE_NAMES)
        expect(allowed(actor([role, 'staff']), target([targetRole]), reset), `${role} → ${targetRole}`).toBe(
          mayReset.includes(targetRole),
        );
    });
  }

  it('AUTH-2: a school administrator cannot reset the head’s, a DSL’s or a trust administrator’s factor, and is told who can', () => {
    for (const [targetRole, who] of [
      ['headteacher', 'the headteacher or a trust administrator'],
      ['dsl', 'the headteacher or a trust administrator'],
      ['deputy_dsl', 'the headteacher or a trust administrator'],
      ['trust_admin', 'a trust administrator'],
    ] as [Role, string][]) {
      expect(decide(actor(['school_admin']), target([targetRole]), reset)).toEqual({
        allowed: false,
        refusals: [
          {
            field: 'secondFactor',
            reason: `You cannot reset the second factor of someone whose authority is more than yours. Ask ${who}`,
          },
        ],
      });
    }
  });

  it('AUTH-2: nobody resets their own second factor this way, however senior', () => {
    for (const role of ['hr', 'school_admin', 'headteacher', 'trust_admin'] as Role[])
      expect(decide(actor([role], 'same'), target([role], false, 'same'), reset)).toEqual({
        allowed: false,
        refusals: [
          {
            field: 'secondFactor',
            reason:
              'You cannot reset your own second factor here. Use “Your second factor” on your account page, or ask another administrator',
          },
        ],
      });
  });

  it('AUTH-2: someone who runs an official account counts as an account administrator; the most senior role anywhere counts', () => {
    expect(allowed(actor(['hr']), target(['staff'], true), reset)).toBe(false);
    expect(allowed(actor(['school_admin']), target(['staff'], true), reset)).toBe(true);
    expect(allowed(actor(['school_admin']), target(['slt', 'dsl']), reset)).toBe(false);
    expect(allowed(actor(['hr', 'headteacher']), target(['dsl']), reset)).toBe(true);
  });

  it('AUTH-2: the installation operator may reset anyone; a reset asks nothing of the other fields and tells no old address', () => {
    expect(decide({ kind: 'installation' }, target(['trust_admin']), reset)).toEqual({
      allowed: true,
      tellOldAddress: false,
    });
    expect(decide(actor(['school_admin']), target(['staff']), reset)).toEqual({ allowed: true, tellOldAddress: false });
    // Without the reset flag the same pair changes nothing protected and is allowed, as before.
    expect(allowed(actor(['school_admin']), target(['headteacher']), {})).toBe(true);
  });

  it('AUTH-2: whoMayInstead can name those of the same authority as well as those above', () => {
    expect(whoMayInstead(ROLE_RANK.headteacher)).toBe('a trust administrator');
    expect(whoMayInstead(ROLE_RANK.headteacher, true)).toBe('the headteacher or a trust administrator');
    expect(whoMayInstead(ROLE_RANK.trust_admin, true)).toBe('a trust administrator');
  });
});
