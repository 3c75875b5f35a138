/** Words for the states and things a case holds. */
export const STATUS_TEXT: Record<'new' | 'open' | 'closed', string> = { new: 'New', open: 'Open', closed: 'Closed' };

export type ActionKind =
  | 'triage'
  | 'takedown-request'
  | 'removal-check'
  | 'escalate-isp'
  | 'escalate-helpline'
  | 'police-report'
  | 'support-offer'
  | 'lado-referral'
  | 'breach-decision'
  | 'compliance-check'
  | 'other';

export const ACTION_TEXT: Record<ActionKind, string> = {
  triage: 'Open the case and record an initial assessment',
  'takedown-request': 'Ask the site to take the content down',
  'removal-check': 'Check the content has been removed',
  'escalate-isp': 'Ask the internet service provider to act',
  'escalate-helpline': 'Ask the Professionals Online Safety Helpline for help',
  'police-report': 'Report to the police',
  'support-offer': 'Offer support to the member of staff',
  'lado-referral': 'Refer to the LADO',
  'breach-decision': 'Decide whether to tell the ICO about a possible personal data breach',
  'compliance-check': 'Check the content was removed as instructed',
  other: 'Other action',
};

/** Actions a person may add by hand (the rest open themselves when the case needs them). */
export const ADDABLE_ACTIONS: ActionKind[] = [
  'takedown-request',
  'escalate-isp',
  'escalate-helpline',
  'police-report',
  'support-offer',
  'other',
];

export function isActionKind(value: string): value is ActionKind {
  return Object.hasOwn(ACTION_TEXT, value);
}

export type OutcomeKind =
  | 'disciplinary'
  | 'behaviour-policy'
  | 'police-agency'
  | 'remove-content'
  | 'notify-employer'
  | 'no-further-action';

export const OUTCOME_TEXT: Record<OutcomeKind, string> = {
  disciplinary: 'Referred under the disciplinary procedure',
  'behaviour-policy': 'Dealt with under the pupil behaviour policy',
  'police-agency': 'Reported to the police or another agency',
  'remove-content': 'Told to remove the content, with a date to check it has gone',
  'notify-employer': 'Told the employer of a contractor or agency worker',
  'no-further-action': 'No further action',
};

export function isOutcomeKind(value: string): value is OutcomeKind {
  return Object.hasOwn(OUTCOME_TEXT, value);
}
