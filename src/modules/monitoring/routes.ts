/**
 * The monitoring rota's pages (MON-1): every live account with its last check and who is on today;
 * one account's weekly rota, the coming fortnight with its gaps, and (for whoever manages the
 * accounts) the form that changes it. Recording a check is the accounts module's page (ACC-6), so
 * the register and the rota read the same last check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../../platform/http/module-context.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { actorOf, formList, requireCtx, tenantOf } from '../../platform/http/forms.ts';
import { ukDate } from '../../platform/clock.ts';
import { platformName } from '../accounts/model.ts';
import { findAccount } from '../accounts/repo.ts';
import { settingsFor } from '../policies/index.ts';
import { workingCalendarFor } from '../directory/index.ts';
import { checkingSince, liveAccounts, rotaCandidates, rotaOf, rotasOf, LIVE } from './repo.ts';
import { checkState, gapsIn, longDay, readRotaForm, rotaDays, WEEKDAYS, whoIsOn } from './rules/rota.ts';
import { saveRota } from './service.ts';

const FORTNIGHT = 14;

export function registerMonitoringRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  async function liveAccountOr404(request: FastifyRequest) {
    const ctx = requireCtx(request);
    const { id } = request.params as { id: string };
    const account = await findAccount(db, ctx, id);
    if (!account || !(LIVE as readonly string[]).includes(account.status)) throw new NotFoundError();
    return account;
  }

  app.get('/monitoring', { config: { access: 'accounts.view' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const tenant = tenantOf(ctx);
    const now = clock.now();
    const accounts = await liveAccounts(db, tenant);
    const rotas = await rotasOf(
      db,
      accounts.map((a) => a.id),
    );
    const hours = (await settingsFor(db, tenant, now)).accountCheckIntervalHours;
    const days = rotaDays(await workingCalendarFor(db, tenant.schoolId), ukDate(now), 7);
    const names = new Map<string, string>();
    for (const a of accounts) for (const c of await rotaCandidates(db, a, ukDate(now))) names.set(c.id, c.name);
    const rows = accounts.map((a) => {
      const rota = rotas.get(a.id) ?? [];
      const state = checkState(a.id, a.last_monitored_at, checkingSince(a), now, hours);
      return {
        id: a.id,
        name: a.name,
        platform: platformName(a.platform),
        lastChecked: a.last_monitored_at,
        overdue: state.overdue,
        dueAt: state.dueAt,
        today: whoIsOn(rota, days[0]!).map((id) => names.get(id) ?? 'someone who has left'),
        gaps: gapsIn(rota, days).length,
      };
    });
    return render(request, reply, 'monitoring/views/list.njk', {
      pageTitle: 'Monitoring rota',
      rows,
      hours,
      overdue: rows.filter((r) => r.overdue).length,
    });
  });

  async function showAccount(
    request: FastifyRequest,
    reply: Parameters<typeof render>[1],
    errors?: { href: string; text: string }[],
  ) {
    const ctx = requireCtx(request);
    const account = await liveAccountOr404(request);
    const now = clock.now();
    const today = ukDate(now);
    const tenant = { trustId: account.trust_id, schoolId: account.school_id };
    const rota = await rotaOf(db, account.id);
    const candidates = await rotaCandidates(db, account, today);
    const names = new Map(candidates.map((c) => [c.id, c.name]));
    for (const r of rota) if (!names.has(r.personId)) names.set(r.personId, `${r.name} (no longer able to check it)`);
    const hours = (await settingsFor(db, tenant, now)).accountCheckIntervalHours;
    const state = checkState(account.id, account.last_monitored_at, checkingSince(account), now, hours);
    const days = rotaDays(await workingCalendarFor(db, account.school_id), today, FORTNIGHT).map((d) => ({
      ...d,
      label: longDay(d.date),
      people: whoIsOn(rota, d).map((id) => names.get(id)!),
    }));
    const on = new Set(rota.map((r) => `${r.weekday}:${r.personId}`));
    const holidays = new Set(rota.filter((r) => r.coversHolidays).map((r) => `${r.weekday}:${r.personId}`));
    return render(
      request,
      reply,
      'monitoring/views/account.njk',
      {
        pageTitle: `Monitoring rota: ${account.name}`,
        account,
        platform: platformName(account.platform),
        hours,
        state,
        lastChecked: account.last_monitored_at,
        weekdays: WEEKDAYS.map((name, i) => ({
          name,
          number: i + 1,
          people: rota
            .filter((r) => r.weekday === i + 1)
            .map((r) => ({ name: names.get(r.personId)!, holidays: r.coversHolidays })),
          onItems: candidates.map((c) => ({
            value: `${i + 1}:${c.id}`,
            text: c.name,
            hint: { text: c.role },
            checked: on.has(`${i + 1}:${c.id}`),
          })),
          holidayItems: candidates.map((c) => ({
            value: `${i + 1}:${c.id}`,
            text: `${c.name} also on holidays`,
            checked: holidays.has(`${i + 1}:${c.id}`),
          })),
        })),
        days,
        gaps: days.filter((d) => d.people.length === 0).length,
        mayEdit: ctx.permissions.has('accounts.manage'),
        mayCheck: ctx.permissions.has('accounts.manage') || names.has(ctx.person.id),
        noCandidates: candidates.length === 0,
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/monitoring/accounts/:id', { config: { access: 'accounts.view' } }, (request, reply) =>
    showAccount(request, reply),
  );

  app.post('/monitoring/accounts/:id/rota', { config: { access: 'accounts.manage' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const account = await liveAccountOr404(request);
    const candidates = await rotaCandidates(db, account, ukDate(clock.now()));
    const { entries, refused } = readRotaForm(
      formList(request, 'on'),
      formList(request, 'holidays'),
      new Set(candidates.map((c) => c.id)),
    );
    if (refused)
      return showAccount(request, reply, [
        {
          href: '#rota',
          text: 'Choose people from the list: only the account’s operators and account administrators can be on its rota',
        },
      ]);
    await saveRota(db, clock.now(), actorOf(ctx), account, entries);
    request.session.flash = `Saved the rota for ‘${account.name}’.`;
    return reply.redirect(`/monitoring/accounts/${account.id}`);
  });
}
