import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { requireCtx } from '../../../platform/http/forms.ts';
import type { Render } from '../../../platform/http/render.ts';
import { STATUSES } from '../model.ts';
import { findAccount, type AccountRow } from '../repo.ts';
import { notLiveMessage, type Action } from './rules/live.ts';

/** The account named by :id in the viewer's school (or trust view); anything else is not found. */
export async function accountOr404(db: Kysely<Database>, request: FastifyRequest): Promise<AccountRow> {
  const { id } = request.params as { id: string };
  const account = await findAccount(db, requireCtx(request), id);
  if (!account) throw new NotFoundError();
  return account;
}

/** The account's name and status for a page's heading. */
export function heading(account: AccountRow) {
  return { account, status: STATUSES[account.status] };
}

/**
 * The page shown instead of a form when the account is not live (closed, or not yet set up): 200 to
 * a visit, 400 with the reason in the error summary to a form that was sent anyway.
 */
export function renderNotLive(
  render: Render,
  request: FastifyRequest,
  reply: FastifyReply,
  account: AccountRow,
  action: Action,
  sent: boolean,
) {
  const message = notLiveMessage(account, action);
  return render(
    request,
    reply,
    'accounts/handover/views/not-live.njk',
    {
      pageTitle: account.name,
      ...heading(account),
      message: `${message}.`,
      ...(sent ? { errors: [{ href: '#account-status', text: message }] } : {}),
    },
    sent ? 400 : 200,
  );
}
