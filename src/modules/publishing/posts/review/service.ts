// Sending a post for approval and deciding on it (PUB-1, PUB-3, PUB-4). The approvers come from the
// policy (the head, or the head and named nominees); nobody approves their own post; a blocking
// finding is never overridden and an advisory one only with a written reason, which is kept; a
// finding that blocks until confirmed (issue 16) only with the approver's confirmation and reason, kept too.
import type { Kysely } from 'kysely';
import type { Database } from '../../../../platform/db/schema.ts';
import type { Actor } from '../../../../platform/audit/audit.ts';
import { ValidationError } from '../../../../platform/http/errors.ts';
import { ukDate } from '../../../../platform/clock.ts';
import { queueMail } from '../../../../platform/mail/mail.ts';
import { settingsFor } from '../../../policies/index.ts';
import { operatesAccount } from '../../../accounts/index.ts';
import { humanChecksFor } from '../model.ts';
import { recordPostEvent } from '../events.ts';
import { refreshPost } from '../refresh.ts';
import { imagesOf, lockPost } from '../repo.ts';
import { submissionErrors } from '../drafts/rules.ts';
import { approverIds, checkDecision, decisionRefusal, type DecisionForm } from './rules.ts';
import { transact } from '../../../../platform/db/transact.ts';

interface School {
  trustId: string;
  schoolId: string;
}
type PersonActor = Actor & { id: string };

/** The people who may approve this school's posts now, and what the school calls its head. */
export async function approversOf(
  db: Kysely<Database>,
  school: School,
  now: Date,
): Promise<{ ids: Set<string>; headTitle: string; who: string }> {
  const settings = await settingsFor(db, school, now);
  const today = ukDate(now);
  const heads = await db
    .selectFrom('role_assignment as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select('p.id')
    .where('r.role', '=', 'headteacher')
    .where('r.school_id', '=', school.schoolId)
    .where((eb) => eb.or([eb('p.leaving_date', 'is', null), eb('p.leaving_date', '>', today)]))
    .execute();
  const nominees =
    settings.postApprovers === 'head' || settings.postApproverNominees.length === 0
      ? []
      : (
          await db
            .selectFrom('person')
            .select('id')
            .where('id', 'in', settings.postApproverNominees)
            .where('trust_id', '=', school.trustId)
            .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]))
            .execute()
        ).map((p) => p.id);
  const who =
    settings.postApprovers === 'head'
      ? `the ${settings.headTitle}`
      : `the ${settings.headTitle} or someone they nominate`;
  return {
    ids: approverIds(
      settings.postApprovers,
      heads.map((h) => h.id),
      nominees,
    ),
    headTitle: settings.headTitle,
    who,
  };
}

export async function submitPost(
  db: Kysely<Database>,
  now: Date,
  school: School & { baseUrl: string },
  actor: PersonActor,
  postId: string,
): Promise<'submitted' | 'not-found' | 'not-draft'> {
  const approvers = await approversOf(db, school, now);
  return transact(db, async (trx) => {
    const post = await lockPost(trx, school, postId);
    if (!post || post.author_id !== actor.id) return 'not-found' as const;
    if (post.status !== 'draft' && post.status !== 'changes_requested') return 'not-draft' as const;
    if (!(await operatesAccount(trx, post.account_id, actor.id)))
      throw new ValidationError([
        { href: '#text', text: 'You no longer run this account, so you cannot send a post for it' },
      ]);
    const images = await imagesOf(trx, post.id);
    const { findings } = await refreshPost(trx, now, school, post.id, actor);
    const errors = submissionErrors(post, images);
    // Too long for the platform: say so plainly, with by how much, rather than as "a check".
    for (const f of findings.filter((x) => x.rule === 'platform-limit'))
      errors.push({ href: '#findings', text: f.message });
    const blocking = findings.filter((f) => f.severity === 'blocking' && f.rule !== 'platform-limit');
    if (blocking.length)
      errors.push({
        href: '#findings',
        text: `Fix what blocks this post before sending it for approval (${blocking.length === 1 ? '1 check blocks it' : `${blocking.length} checks block it`})`,
      });
    const others = [...approvers.ids].filter((id) => id !== actor.id);
    if (others.length === 0)
      errors.push({
        href: '#text',
        text: `Nobody else can approve posts at this school yet. Ask the ${approvers.headTitle} to nominate approvers in the policy settings`,
      });
    if (errors.length) throw new ValidationError(errors);
    await trx
      .updateTable('post')
      .set({ status: 'submitted', submitted_at: now, updated_at: now })
      .where('id', '=', post.id)
      .execute();
    await recordPostEvent(trx, now, post, actor, 'post.submitted', { detail: { findings: findings.length } });
    const people = await trx
      .selectFrom('person')
      .select(['email', 'given_name'])
      .where('id', 'in', others)
      .where('email', 'is not', null)
      .execute();
    for (const p of people) {
      await queueMail(trx, now, {
        trustId: school.trustId,
        schoolId: school.schoolId,
        to: p.email!,
        subject: 'A post is waiting for your approval',
        text: `Hello ${p.given_name},\n\n${actor.label} has sent a post for approval. Read it and decide here:\n${school.baseUrl}/posts/${post.id}/decision\n\nPostwarden`,
      });
    }
    return 'submitted' as const;
  });
}

export type DecideResult =
  | { outcome: 'approved' | 'changes' | 'rejected' }
  | { outcome: 'refused'; message: string }
  | { outcome: 'not-found' };

export async function decidePost(
  db: Kysely<Database>,
  now: Date,
  school: School & { baseUrl: string },
  actor: PersonActor,
  postId: string,
  form: DecisionForm,
): Promise<DecideResult> {
  const approvers = await approversOf(db, school, now);
  return transact(db, async (trx) => {
    const post = await lockPost(trx, school, postId);
    if (!post) return { outcome: 'not-found' as const };
    const refusal = decisionRefusal({
      status: post.status,
      viewerId: actor.id,
      authorId: post.author_id,
      approvers: approvers.ids,
      headTitle: approvers.headTitle,
    });
    if (refusal) return { outcome: 'refused' as const, message: refusal };
    // Decide on the post as it is now, with the checks run again (the roster may have changed).
    const { findings, hash } = await refreshPost(trx, now, school, post.id, actor);
    const checked = checkDecision(form, findings, humanChecksFor((await imagesOf(trx, post.id)).length > 0));
    if (checked.errors.length) throw new ValidationError(checked.errors);
    const author = await trx
      .selectFrom('person')
      .select(['email', 'given_name'])
      .where('id', '=', post.author_id)
      .executeTakeFirst();
    const tell = async (subject: string, line: string) => {
      if (!author?.email) return;
      await queueMail(trx, now, {
        trustId: school.trustId,
        schoolId: school.schoolId,
        to: author.email,
        subject,
        text: `Hello ${author.given_name},\n\n${line}\n${school.baseUrl}/posts/${post.id}\n\nPostwarden`,
      });
    };
    if (checked.decision === 'approve') {
      for (const o of checked.overrides) {
        await trx
          .insertInto('post_override')
          .values({
            post_id: post.id,
            trust_id: school.trustId,
            school_id: school.schoolId,
            content_hash: hash,
            finding_key: o.finding.key,
            rule: o.finding.rule,
            message: o.finding.message,
            reason: o.reason,
            overridden_by: actor.id,
            at: now,
            confirmation: o.confirmation ?? null,
          })
          .execute();
        if (o.confirmation)
          await recordPostEvent(trx, now, post, actor, 'post.finding-confirmed', {
            comment: o.reason,
            detail: { confirmation: o.confirmation, advice: o.finding.message },
          });
        else
          await recordPostEvent(trx, now, post, actor, 'post.finding-overridden', {
            comment: o.reason,
            detail: { advice: o.finding.message },
          });
      }
      await trx
        .updateTable('post')
        .set({
          status: 'approved',
          approved_hash: hash,
          approved_by: actor.id,
          approved_at: now,
          human_checks: checked.checks,
          updated_at: now,
        })
        .where('id', '=', post.id)
        .execute();
      const confirmed = checked.overrides.filter((o) => o.confirmation).length;
      await recordPostEvent(trx, now, post, actor, 'post.approved', {
        comment: checked.comment || null,
        detail: { overridden: checked.overrides.length - confirmed, ...(confirmed ? { confirmed } : {}) },
      });
      await tell('Your post has been approved', `${actor.label} has approved your post. You can publish it now:`);
      return { outcome: 'approved' as const };
    }
    if (checked.decision === 'changes') {
      await trx
        .updateTable('post')
        .set({ status: 'changes_requested', updated_at: now })
        .where('id', '=', post.id)
        .execute();
      await recordPostEvent(trx, now, post, actor, 'post.changes-requested', { comment: checked.comment });
      await tell(
        'Changes have been asked for on your post',
        `${actor.label} has asked for changes to your post: “${checked.comment}”`,
      );
      return { outcome: 'changes' as const };
    }
    await trx.updateTable('post').set({ status: 'rejected', updated_at: now }).where('id', '=', post.id).execute();
    await recordPostEvent(trx, now, post, actor, 'post.rejected', { comment: checked.comment });
    await tell('Your post has been rejected', `${actor.label} has rejected your post: “${checked.comment}”`);
    return { outcome: 'rejected' as const };
  });
}
