/** Approving a post (PUB-1, PUB-3, PUB-4): pure rules, no database. */
import type { FieldError } from '../../../../platform/http/errors.ts';
import type { KeyedFinding } from '../checks.ts';
import type { HumanCheck } from '../model.ts';

export type Decision = 'approve' | 'changes' | 'reject';

export interface DecisionForm {
  decision: string;
  comment: string;
  checks: readonly string[];
  /** Reason given for each advisory or to-be-confirmed finding, by the finding's key. */
  overrides: Readonly<Record<string, string>>;
  /** Keys of the to-be-confirmed findings the approver ticked as confirmed (issue 16). */
  confirmed: readonly string[];
}

export const MIN_OVERRIDE_REASON = 10;

/** Who may approve posts, from the policy: the head, or the head and the nominees it names. */
export function approverIds(setting: string, heads: readonly string[], nominees: readonly string[]): Set<string> {
  return new Set(setting === 'head' ? heads : [...heads, ...nominees]);
}

/** Why this person may not decide on this post now, or undefined if they may. */
export function decisionRefusal(args: {
  status: string;
  viewerId: string;
  authorId: string;
  approvers: ReadonlySet<string>;
  headTitle: string;
}): string | undefined {
  if (!args.approvers.has(args.viewerId))
    return `Only the ${args.headTitle} or someone they nominate in the policy can approve posts`;
  if (args.viewerId === args.authorId) return 'You wrote this post, so someone else must approve it';
  if (args.status !== 'submitted') return 'This post is not waiting for approval';
  return undefined;
}

export interface Override {
  finding: KeyedFinding;
  reason: string;
  /** For a finding that blocks until confirmed: the statement the approver confirmed. */
  confirmation?: string;
}

/**
 * Everything wrong with a decision, in one round and in the order of the page. `checks`: the human
 * checks that apply to this post. With no decision chosen, the approval is checked in full too when
 * the approver had started on it (ticked a check or gave a reason), so choosing "Approve" next never
 * brings a second round of errors.
 */
export function checkDecision(
  form: DecisionForm,
  findings: readonly KeyedFinding[],
  checks: readonly HumanCheck[],
): { decision: Decision | null; comment: string; checks: string[]; overrides: Override[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const decision = (['approve', 'changes', 'reject'] as const).find((d) => d === form.decision) ?? null;
  const comment = form.comment.trim();
  const ticked = checks.filter((c) => form.checks.includes(c.value)).map((c) => c.value);
  const overrides: Override[] = [];
  const startedApproving =
    ticked.length > 0 || form.confirmed.length > 0 || Object.values(form.overrides).some((r) => r.trim() !== '');
  if (decision === 'approve' || (decision === null && startedApproving)) {
    const blocking = findings.filter((f) => f.severity === 'blocking');
    if (blocking.length) {
      errors.push({
        href: '#findings',
        text: `This post cannot be approved: ${blocking.length === 1 ? 'a check blocks it' : `${blocking.length} checks block it`}. Ask for changes instead`,
      });
    }
    if (ticked.length < checks.length)
      errors.push({ href: '#checks', text: 'Confirm each of the checks before approving the post' });
    findings
      .filter((f) => f.severity === 'advisory')
      .forEach((f, i) => {
        const reason = (form.overrides[f.key] ?? '').trim();
        if (reason.length < MIN_OVERRIDE_REASON) {
          errors.push({
            href: `#override-${f.key}`,
            text: `Advice ${i + 1}: give your reason for publishing despite it (at least ${MIN_OVERRIDE_REASON} characters)`,
          });
        } else if (reason.length > 1000) {
          errors.push({
            href: `#override-${f.key}`,
            text: `Advice ${i + 1}: the reason must be 1,000 characters or fewer`,
          });
        } else overrides.push({ finding: f, reason });
      });
    // Issue 16: a finding that blocks until confirmed needs the approver's confirmation and reason
    findings
      .filter((f) => f.severity === 'confirm')
      .forEach((f, i) => {
        const reason = (form.overrides[f.key] ?? '').trim();
        const what = `Point to confirm ${i + 1}`;
        if (!form.confirmed.includes(f.key))
          errors.push({ href: `#confirm-${f.key}`, text: `${what}: confirm it, or ask for changes` });
        if (reason.length < MIN_OVERRIDE_REASON)
          errors.push({
            href: `#override-${f.key}`,
            text: `${what}: say how you know (at least ${MIN_OVERRIDE_REASON} characters)`,
          });
        else if (reason.length > 1000)
          errors.push({ href: `#override-${f.key}`, text: `${what}: the reason must be 1,000 characters or fewer` });
        else if (form.confirmed.includes(f.key))
          overrides.push({
            finding: f,
            reason,
            confirmation: f.confirm ?? 'I have checked this, and it is right to publish.',
          });
      });
  }
  if (!decision)
    errors.push({ href: '#decision', text: 'Select whether to approve the post, ask for changes or reject it' });
  if ((decision === 'changes' || decision === 'reject') && !comment) {
    errors.push({
      href: '#comment',
      text:
        decision === 'changes'
          ? 'Say what needs to change: the author will see your comment'
          : 'Say why the post is rejected: the author will see your reason',
    });
  }
  if (comment.length > 2000) errors.push({ href: '#comment', text: 'The comment must be 2,000 characters or fewer' });
  return { decision, comment, checks: ticked, overrides, errors };
}
