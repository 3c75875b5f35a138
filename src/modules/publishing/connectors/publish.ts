/**
 * Publishing one post through a connector, safely (PUB-6): the post is never lost and never posted
 * twice, whatever the platform does.
 *
 *  1. "Publishing started with key K" is saved before the platform is called (`outcomeUnknown`).
 *  2. The connector publishes under K; the answer is saved.
 *  3. If no answer came back (a timeout, a dropped connection, a 5xx), the connector is asked
 *     whether the post exists before anything else happens; and every later run whose outcome is
 *     still unknown asks again before publishing. Publish is never called twice for a key whose
 *     outcome is unknown without a confirm saying the post is absent.
 *
 * The caller (the publishing job) runs one call at a time per key: the job table's claim ensures it.
 * The store is an interface so the job can back it with the database and tests with memory.
 */
import { RETRY, retryDelayMs } from './backoff.ts';
import { PermanentError, TransientError } from './errors.ts';
import type {
  AccountAccess,
  AttemptRef,
  Connector,
  PreparedPublication,
  Problem,
  PublishablePost,
  PublishedRef,
} from './types.ts';

export interface PublicationAttempt {
  idempotencyKey: string;
  /** When publishing first started; kept across retries (Bluesky's record key and time come from it). */
  startedAt: Date;
  status: 'pending' | 'published' | 'failed';
  /** A publish call may have reached the platform without an answer: confirm before publishing again. */
  outcomeUnknown: boolean;
  /** How many times the platform's publish was called. */
  publishCalls: number;
  /** Failures in a row that may pass; reset by success. Drives the backoff and giving up. */
  failures: number;
  remoteId: string | null;
  url: string | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  publishedAt: Date | null;
}

export interface PublicationStore {
  load(idempotencyKey: string): Promise<PublicationAttempt | null>;
  /** Must be durable when it returns: step 1 relies on it. */
  save(attempt: PublicationAttempt): Promise<void>;
}

export interface PublishDeps {
  connector: Connector;
  store: PublicationStore;
  now: () => Date;
  maxAttempts?: number;
}

export interface PublishJob {
  idempotencyKey: string;
  post: PublishablePost;
  account: AccountAccess;
  /** The manual hand-off: the link the operator pasted. */
  reportedUrl?: string;
}

export type PublishOutcome =
  | { status: 'published'; ref: PublishedRef; alreadyPublished: boolean }
  | { status: 'retry'; at: Date; message: string }
  /** Stopped: a person must act. `outcomeUnknown`: check the platform before posting by hand. */
  | { status: 'failed'; message: string; outcomeUnknown: boolean }
  /** Refused before anything was sent (the post does not fit the platform, or a pasted link is wrong); nothing was saved. */
  | { status: 'invalid'; message: string; problems: Problem[] };

export function newAttempt(idempotencyKey: string, startedAt: Date): PublicationAttempt {
  return {
    idempotencyKey,
    startedAt,
    status: 'pending',
    outcomeUnknown: false,
    publishCalls: 0,
    failures: 0,
    remoteId: null,
    url: null,
    lastError: null,
    nextAttemptAt: null,
    publishedAt: null,
  };
}

export async function publishOnce(deps: PublishDeps, job: PublishJob): Promise<PublishOutcome> {
  const { connector, store, now } = deps;
  const maxAttempts = deps.maxAttempts ?? RETRY.maxAttempts;
  let attempt = (await store.load(job.idempotencyKey)) ?? newAttempt(job.idempotencyKey, now());

  if (attempt.status === 'published' && attempt.remoteId && attempt.url) {
    return { status: 'published', ref: { remoteId: attempt.remoteId, url: attempt.url }, alreadyPublished: true };
  }
  if (attempt.status === 'failed')
    return {
      status: 'failed',
      message: attempt.lastError ?? 'Publishing stopped',
      outcomeUnknown: attempt.outcomeUnknown,
    };

  const problems = connector.validate(job.post);
  if (problems.length > 0) return { status: 'invalid', message: problems.map((p) => p.message).join('. '), problems };

  const save = async (next: PublicationAttempt) => {
    attempt = next;
    await store.save(next);
  };
  const ref = (): AttemptRef => ({
    idempotencyKey: attempt.idempotencyKey,
    startedAt: attempt.startedAt,
    remoteId: attempt.remoteId,
    text: job.post.text,
  });
  const succeed = async (result: PublishedRef, already: boolean): Promise<PublishOutcome> => {
    await save({
      ...attempt,
      status: 'published',
      outcomeUnknown: false,
      failures: 0,
      remoteId: result.remoteId,
      url: result.url,
      lastError: null,
      nextAttemptAt: null,
      publishedAt: now(),
    });
    return { status: 'published', ref: result, alreadyPublished: already };
  };
  const fail = async (error: unknown, outcomeUnknown: boolean): Promise<PublishOutcome> => {
    const failure = asKnownError(error);
    if (failure instanceof PermanentError) {
      await save({ ...attempt, status: 'failed', outcomeUnknown, lastError: failure.message, nextAttemptAt: null });
      return { status: 'failed', message: failure.message, outcomeUnknown };
    }
    const failures = attempt.failures + 1;
    if (failures >= maxAttempts) {
      const what = failure.message.replace(/\.? Postwarden will.*$/, '');
      const message = `${what}. Postwarden has stopped trying after ${failures} attempts: post it by hand${outcomeUnknown ? ', after checking whether it already went out' : ''}`;
      await save({ ...attempt, status: 'failed', outcomeUnknown, failures, lastError: message, nextAttemptAt: null });
      return { status: 'failed', message, outcomeUnknown };
    }
    const at = new Date(now().getTime() + retryDelayMs(failures, failure.retryAfterMs));
    await save({ ...attempt, outcomeUnknown, failures, lastError: failure.message, nextAttemptAt: at });
    return { status: 'retry', at, message: failure.message };
  };

  // An earlier run may have posted without hearing back: ask before anything else.
  if (attempt.outcomeUnknown) {
    try {
      const found = await connector.confirm(ref(), job.account);
      if (found.state === 'published') return await succeed(found, true);
    } catch (error) {
      return fail(error, true);
    }
  }

  let prepared: PreparedPublication;
  try {
    prepared = await connector.prepare(job.post, job.account);
  } catch (error) {
    return fail(error, attempt.outcomeUnknown);
  }

  const beforeStart = attempt;
  await save({ ...attempt, outcomeUnknown: true, publishCalls: attempt.publishCalls + 1, nextAttemptAt: null });
  try {
    const result = await connector.publish(prepared, {
      idempotencyKey: attempt.idempotencyKey,
      startedAt: attempt.startedAt,
      reportedUrl: job.reportedUrl,
    });
    return await succeed(result, false);
  } catch (error) {
    if (error instanceof PermanentError && error.reason === 'bad-link') {
      await save(beforeStart); // nothing was sent: the operator corrects the link and tries again
      return { status: 'invalid', message: error.message, problems: [] };
    }
    if (error instanceof PermanentError) return fail(error, false);
    const failure = asKnownError(error);
    // The answer may have been lost after the post was made: look before deciding anything.
    try {
      const found = await connector.confirm(ref(), job.account);
      if (found.state === 'published') return await succeed(found, false);
    } catch {
      // Could not look either; the outcome stays unknown and the next run asks first.
    }
    return fail(failure, failure instanceof TransientError ? failure.outcomeUnknown : true);
  }
}

/** A person has fixed what stopped publishing (new sign-in details, say): let the job try again. */
export function resumeAttempt(attempt: PublicationAttempt): PublicationAttempt {
  return attempt.status === 'failed'
    ? { ...attempt, status: 'pending', failures: 0, lastError: null, nextAttemptAt: null }
    : attempt;
}

/** Anything a connector throws that is not one of the two kinds is a defect; treat it as passing and unknown, and never show its text. */
function asKnownError(error: unknown): TransientError | PermanentError {
  if (error instanceof TransientError || error instanceof PermanentError) return error;
  return new TransientError('Something unexpected went wrong while publishing. Postwarden will check and try again');
}
