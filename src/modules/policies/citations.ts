/**
 * Clauses other parts of Postwarden cite, by stable key. A clause on this list cannot be deleted
 * from a policy (the check that cites it would have nothing to point to); the message names who
 * cites it. Modules add their citations here as they are built.
 */
export const CITED_CLAUSES: { key: string; by: string }[] = [
  { key: 'images.first-names-only', by: 'the posting checks for pupils’ surnames' },
  { key: 'images.never-publish', by: 'the posting check for pupils on the never-publish list' },
  { key: 'images.consent', by: 'the posting check for photo consent' },
  { key: 'images.identifying-details', by: 'the posting check for details that identify a pupil' },
  { key: 'prohibited.confidential', by: 'the posting and “before you post” checks for confidential matters' },
  { key: 'prohibited.offensive', by: 'the posting check for offensive language' },
  { key: 'contact.personal-details', by: 'the posting check for personal contact details' },
  { key: 'images.attribution', by: 'the posting check for other people’s material' },
  { key: 'prohibited.opinions-on-behalf', by: 'the posting check for opinions given as the school’s' },
  { key: 'accounts.operators', by: 'official account applications (minimum operators)' },
  { key: 'business-use.approval', by: 'official account applications' },
  { key: 'accounts.response-time', by: 'the inbox reply deadlines' },
  { key: 'cyberbullying.takedown', by: 'the takedown deadline on concerns' },
  { key: 'signing.statement', by: 'read and sign' },
  { key: 'personal-use.branding', by: 'the “before you post” check for the school’s name' },
  { key: 'personal-use.own-behalf', by: 'the “before you post” check for views that could be read as the school’s' },
  { key: 'prohibited.reputation', by: 'the “before you post” check for colleagues named' },
  { key: 'images.official-channels', by: 'the “before you post” check for school events and trips' },
  { key: 'privacy.personal-details', by: 'the “before you post” check for contact details' },
  { key: 'privacy.check-in', by: 'privacy check-ins' },
  { key: 'monitoring.individual', by: 'the monitoring records' },
];

export function citedBy(key: string): string[] {
  return CITED_CLAUSES.filter((c) => c.key === key).map((c) => c.by);
}
