/**
 * What a case refuses, and why, in words the person can act on (INC-3, INC-4, INC-6).
 */
export interface GateFacts {
  kind: string;
  status: 'new' | 'open' | 'closed';
  ladoAdviceRecorded: boolean;
  openActions: number;
  breach: boolean;
  breachDecided: boolean;
}

/** No outcome on an allegation about an adult until the LADO's advice is recorded (002). */
export function outcomeRefusal(c: GateFacts): string | null {
  if (c.status === 'closed') return 'This case is closed. Outcomes cannot be added to a closed case';
  if (c.kind === 'allegation-adult' && !c.ladoAdviceRecorded) {
    return 'Record the LADO’s advice first. No outcome can be recorded on an allegation about an adult until the LADO has advised, including on suspension';
  }
  return null;
}

export function closeRefusal(c: GateFacts, outcomes: number): string | null {
  if (c.status === 'closed') return 'This case is already closed';
  if (c.openActions > 0)
    return `This case has ${c.openActions === 1 ? '1 action' : `${c.openActions} actions`} still open. Finish each action before closing the case`;
  if (c.breach && !c.breachDecided)
    return 'Record whether the possible personal data breach will be reported to the ICO, and why, before closing the case';
  if (outcomes === 0) return 'Record at least one outcome before closing the case (“No further action” is an outcome)';
  return outcomeRefusal(c);
}

/**
 * The police (003 §9.5, §10.5; 001): always where the conduct may be unlawful; otherwise, for
 * threatening material, only with the affected member of staff's recorded consent.
 */
export function policeReportRefusal(input: {
  unlawful: boolean;
  consent: 'given' | 'refused' | 'not-asked';
}): string | null {
  if (input.unlawful) return null;
  if (input.consent === 'given') return null;
  return input.consent === 'refused'
    ? 'The member of staff has not agreed to a police report. Without their consent, only conduct that may be unlawful is reported'
    : 'Record whether the member of staff agrees to a police report first. Without their consent, only conduct that may be unlawful is reported';
}

/** A due time someone sets by hand must be in the future. */
export function dueRefusal(dueAt: Date, now: Date): string | null {
  return dueAt.getTime() <= now.getTime() ? 'The due date must be in the future' : null;
}
