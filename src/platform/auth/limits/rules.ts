// Limits on failed sign-ins (issue 8.6). Only failures count, per account and per client address
// separately; a success never counts, so a staff room behind one school address is never refused
// for signing in. Pure rules: the time is passed in.
import { isIP } from 'node:net';

export type LimitScope = 'account' | 'address';

export interface LimitPolicy {
  /** Failures in one window before the first pause. */
  freeFailures: number;
  /** The first pause; each failure after it doubles the pause, up to `maxPauseMs`. */
  firstPauseMs: number;
  maxPauseMs: number;
  /** How long a window of failures lasts, from its first failure; then the count starts again. */
  windowMs: number;
}

const MINUTE = 60_000;

/** One person mistyping a password a few times is normal; a sixth failure in a day pauses 1, 2, 4 … 30 minutes. */
export const ACCOUNT_LIMIT: LimitPolicy = {
  freeFailures: 5,
  firstPauseMs: MINUTE,
  maxPauseMs: 30 * MINUTE,
  windowMs: 24 * 60 * MINUTE,
};

/**
 * A whole school can sit behind one address, so the address allows many more failures (for a guesser
 * trying one password on many accounts), and pauses for less long.
 */
export const ADDRESS_LIMIT: LimitPolicy = {
  freeFailures: 50,
  firstPauseMs: MINUTE,
  maxPauseMs: 15 * MINUTE,
  windowMs: 60 * MINUTE,
};

export const LIMITS: Record<LimitScope, LimitPolicy> = { account: ACCOUNT_LIMIT, address: ADDRESS_LIMIT };

export interface LimitState {
  failures: number;
  windowStartedAt: Date;
  lastFailureAt: Date;
  pausedUntil: Date | null;
}

/** The pause after the n-th failure of a window: none before the threshold, then doubling, capped. */
export function pauseAfter(policy: LimitPolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstPauseMs * 2 ** doublings, policy.maxPauseMs);
}

/** The state after one more failure at `now`. */
export function afterFailure(policy: LimitPolicy, state: LimitState | undefined, now: Date): LimitState {
  const windowOver = !state || now.getTime() - state.windowStartedAt.getTime() >= policy.windowMs;
  const failures = windowOver ? 1 : state.failures + 1;
  const pause = pauseAfter(policy, failures);
  return {
    failures,
    windowStartedAt: windowOver ? now : state.windowStartedAt,
    lastFailureAt: now,
    pausedUntil: pause ? new Date(now.getTime() + pause) : null,
  };
}

/** When signing in may be tried again, or null if it may be tried now. */
export function pausedUntil(state: LimitState | undefined, now: Date): Date | null {
  return state?.pausedUntil && state.pausedUntil.getTime() > now.getTime() ? state.pausedUntil : null;
}

/**
 * The address failures are counted against. An IPv6 network hands out at least a /64 to each
 * customer, so one person can use billions of addresses: they count as one.
 */
export function addressSubject(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** "10:07am": the minute a pause is over, rounded up so the time shown is never too early. */
export function timeOfDay(at: Date): string {
  const roundedUp = new Date(Math.ceil(at.getTime() / MINUTE) * MINUTE);
  return londonTime.format(roundedUp).replace(/\s?([ap])\.?m\.?$/i, (_m, p: string) => `${p.toLowerCase()}m`);
}

/** "1 minute", "15 minutes", "1 hour". */
export function howLong(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** What the sign-in page says when signing in is paused: what happened, until when, what to do. */
export function pausedMessage(scope: LimitScope, until: Date, now: Date): string {
  const when = `${timeOfDay(until)} (in ${howLong(until.getTime() - now.getTime())})`;
  if (scope === 'account') {
    return `There have been several unsuccessful attempts to sign in with this email address, so signing in with it is paused until ${when}. Try again then, or reset your password to sign in straight away.`;
  }
  return `There have been many unsuccessful attempts to sign in from the network you are using (for example your school’s Wi-Fi), so signing in from it is paused until ${when}. Try again then. If this keeps happening, tell whoever looks after your school’s IT.`;
}
