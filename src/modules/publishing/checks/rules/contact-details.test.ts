import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { contactDetails } from './contact-details.ts';

const found = (text: string) => contactDetails({ text }, testContext()).map((f) => words(text, f.spans)[0]);

describe('contact-details', () => {
  test('PUB-2: personal phone numbers and personal emails advise, citing personal details', () => {
    const text = 'Text 07700 900461 or email coach.dan@gmail.com.';
    const findings = contactDetails({ text }, testContext());
    expect(findings.map((f) => [words(text, f.spans)[0], f.severity, f.clauseKey])).toEqual([
      ['07700 900461', 'advisory', 'contact.personal-details'],
      ['coach.dan@gmail.com', 'advisory', 'contact.personal-details'],
    ]);
  });

  test('PUB-2: +44 mobiles and other landlines count; the school’s number, helplines and 03/08 numbers do not', () => {
    expect(
      found('+44 (0)7700 900322, 020 7946 0958, 01632 960410, (01632) 960410, 0808 800 5000, 0800 1111, 0300 123 4567'),
    ).toEqual(['+44 (0)7700 900322', '020 7946 0958']);
  });

  test('PUB-2: the school’s domains (and subdomains) and generic organisational addresses are fine', () => {
    expect(found('office@kestrelhill.sch.uk, j.bloggs@mail.kestrelhill.sch.uk, bookings@leisure.example.com')).toEqual(
      [],
    );
    expect(found('jane.bloggs@leisure.example.com')).toEqual(['jane.bloggs@leisure.example.com']);
  });
});
