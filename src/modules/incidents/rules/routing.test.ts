import { describe, expect, it } from 'vitest';
import { KIND_KEYS, KINDS, type ConcernKind } from './kinds.ts';
import { routeConcern, type GroupHolders, type Holder } from './routing.ts';

const p = (id: string): Holder => ({ id, name: id, email: `${id}@example.org` });
const full: GroupHolders = {
  'dsl-team': [p('dsl'), p('deputy')],
  head: [p('head')],
  slt: [p('slt1'), p('slt2')],
  chair: [p('chair')],
};
const none = new Set<string>();

describe('routing a concern to the right person (INC-1)', () => {
  const expected: Record<ConcernKind, { group: string; urgent: boolean; restricted: boolean }> = {
    'child-safeguarding': { group: 'dsl-team', urgent: true, restricted: true },
    'child-contact-personal': { group: 'dsl-team', urgent: true, restricted: true },
    'child-inappropriate-communication': { group: 'dsl-team', urgent: true, restricted: true },
    'allegation-adult': { group: 'head', urgent: true, restricted: true },
    'staff-misuse': { group: 'head', urgent: false, restricted: false },
    'abuse-received': { group: 'slt', urgent: false, restricted: false },
    'staff-cyberbullying': { group: 'slt', urgent: false, restricted: false },
    'pupil-friend-request': { group: 'head', urgent: false, restricted: false },
    'journalist-contact': { group: 'head', urgent: false, restricted: false },
    'personal-data-posted': { group: 'head', urgent: true, restricted: false },
    'official-post-mistake': { group: 'head', urgent: false, restricted: false },
  };

  for (const kind of KIND_KEYS) {
    it(`INC-1: ${kind} goes to ${expected[kind].group} with every role filled`, () => {
      const route = routeConcern(kind, full, none);
      expect(route).toMatchObject({ ...expected[kind], fallback: false, aboutHead: false });
      expect(route.people.length).toBeGreaterThan(0);
    });

    it(`INC-1: ${kind} has a named fallback for every vacant group, and says nobody only when all are vacant`, () => {
      const route = KINDS[kind].route;
      for (let vacant = 1; vacant < route.length; vacant++) {
        const holders = { ...full };
        for (const g of route.slice(0, vacant)) holders[g] = [];
        const r = routeConcern(kind, holders, none);
        expect(r.group).toBe(route[vacant]);
        expect(r.fallback).toBe(true);
      }
      expect(route.length).toBeGreaterThan(1);
      const empty: GroupHolders = { 'dsl-team': [], head: [], slt: [], chair: [] };
      expect(routeConcern(kind, empty, none)).toMatchObject({ group: null, people: [], fallback: true });
    });
  }

  it('INC-1: the whole DSL team is told, the DSL first', () => {
    expect(routeConcern('child-safeguarding', full, none).people.map((x) => x.id)).toEqual(['dsl', 'deputy']);
  });

  it('INC-1: an allegation about the head goes to the chair of governors, never to the head or SLT', () => {
    const r = routeConcern('allegation-adult', full, new Set(['head']));
    expect(r).toMatchObject({ group: 'chair', aboutHead: true, restricted: true, fallback: true });
    expect(r.people.map((x) => x.id)).toEqual(['chair']);
  });

  it('INC-1: misuse of social media by the head goes to the chair of governors', () => {
    expect(routeConcern('staff-misuse', full, new Set(['head']))).toMatchObject({ group: 'chair', aboutHead: true });
  });

  it('INC-1: inappropriate communication by the DSL goes to the deputy, never the DSL', () => {
    const r = routeConcern('child-inappropriate-communication', full, new Set(['dsl']));
    expect(r.people.map((x) => x.id)).toEqual(['deputy']);
    expect(r.group).toBe('dsl-team');
  });

  it('INC-1: inappropriate communication by the whole DSL team goes to the head', () => {
    expect(routeConcern('child-inappropriate-communication', full, new Set(['dsl', 'deputy']))).toMatchObject({
      group: 'head',
      fallback: true,
    });
  });

  it('INC-1: inappropriate communication by the head goes to the DSL team, with the chair standing in for the head', () => {
    const r = routeConcern('child-inappropriate-communication', full, new Set(['head']));
    expect(r).toMatchObject({ group: 'dsl-team', aboutHead: true });
  });

  it('INC-1: a head who is also the DSL and the subject of an allegation is nobody’s receiver; the chair is', () => {
    const holders: GroupHolders = { ...full, 'dsl-team': [p('head')] };
    expect(routeConcern('child-inappropriate-communication', holders, new Set(['head']))).toMatchObject({
      group: 'chair',
      aboutHead: true,
    });
  });

  it('INC-1: staff named in cyberbullying are the people targeted, not subjects, so the head can still receive it', () => {
    const r = routeConcern('staff-cyberbullying', { ...full, slt: [] }, new Set());
    expect(r).toMatchObject({ group: 'head', aboutHead: false, fallback: true });
  });

  it('INC-1: a person who holds two roles in the receiving group is told once', () => {
    expect(routeConcern('child-safeguarding', { ...full, 'dsl-team': [p('dsl'), p('dsl')] }, none).people).toHaveLength(
      1,
    );
  });
});
