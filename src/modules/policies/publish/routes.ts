import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { RequestContext } from '../../../platform/http/types.ts';
import { ukDate } from '../../../platform/clock.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import { effectiveVersionForSchool, settingsFor } from '../versions/service.ts';
import type { VersionRow } from '../versions/repo.ts';
import {
  documentOf,
  previousOf,
  readableVersion,
  settingsOfVersion,
  siblingVersions,
  type VersionSummary,
} from './service.ts';
import { factsOf, presentChanges, presentPolicy, type RevisionEntry, type VersionFacts } from './present.ts';
import { renderPolicyPdf } from './pdf.ts';

function revisionHistory(versions: VersionSummary[], upTo: number): RevisionEntry[] {
  return versions
    .filter((v) => v.status === 'approved' && v.number <= upTo)
    .sort((a, b) => b.number - a.number)
    .map((v) => ({
      number: v.number,
      approvedBy: v.approved_by_body,
      approvedOn: v.approved_on,
      effectiveFrom: v.effective_from,
      changeSummary: v.change_summary,
      consultation: v.consultation,
    }));
}

/** The version's approval details as summary-list rows: the same facts the PDF's title page gives. */
function detailRows(facts: VersionFacts): { key: { text: string }; value: { text: string } }[] {
  const rows: [string, string | null][] = [
    ['Version', String(facts.number)],
    ['Approved by', facts.approvedBy],
    ['Approved on', facts.approvedOn ? formatDate(facts.approvedOn) : null],
    ['In force from', facts.effectiveFrom ? formatDate(facts.effectiveFrom) : null],
    ['Review due', facts.reviewDue ? formatDate(facts.reviewDue) : null],
    ['Consultation', facts.consultation],
    ['Summary of changes', facts.changeSummary],
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== null && r[1] !== '')
    .map(([key, value]) => ({ key: { text: key }, value: { text: value } }));
}

function ownerName(ctx: RequestContext): string {
  return ctx.school?.name ?? ctx.trust.name;
}

async function loadReadable(db: Kysely<Database>, ctx: RequestContext, id: string): Promise<VersionRow> {
  const version = await readableVersion(db, ctx, id);
  if (!version) throw new NotFoundError();
  return version;
}

const TAG_CLASSES = {
  added: 'govuk-tag--green',
  removed: 'govuk-tag--red',
  changed: 'govuk-tag--yellow',
  moved: 'govuk-tag--grey',
};

/** Publishing the policy (POL-6) and showing what changed between versions (POL-2). */
export function registerPublishRoutes(app: FastifyInstance, { db, clock, render }: ModuleContext): void {
  /** The version in force for the school, as an accessible page. */
  app.get('/policy/current', { config: { access: 'signed-in' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const school = tenantOf(ctx);
    const now = clock.now();
    const version = await effectiveVersionForSchool(db, school, ukDate(now));
    if (!version) {
      return render(request, reply, 'policies/publish/views/policy.njk', {
        pageTitle: 'Social media policy',
        policy: null,
        canManage: ctx.permissions.has('policy.manage'),
      });
    }
    const settings = await settingsFor(db, school, now);
    const policy = presentPolicy(documentOf(version), settings, {
      ownerName: ownerName(ctx),
      trustWide: version.school_id === null,
      facts: factsOf(version),
    });
    const versions = await siblingVersions(db, ctx, version);
    const history = revisionHistory(versions, version.number);
    const previous = previousOf(versions, version);
    const newer = versions
      .filter((v) => v.number > version.number && v.status === 'approved')
      .sort((a, b) => a.number - b.number)[0];
    return render(request, reply, 'policies/publish/views/policy.njk', {
      pageTitle: policy.title,
      policy,
      detailRows: detailRows(policy.facts),
      versionId: version.id,
      history,
      previous,
      upcoming: newer,
      canManage: ctx.permissions.has('policy.manage'),
    });
  });

  /** Any version as a PDF: approved ones for anyone in the tenant, drafts only for those who may edit them. */
  app.get('/policy/versions/:id/pdf', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const version = await loadReadable(db, ctx, (request.params as { id: string }).id);
    const settings = await settingsOfVersion(db, version, ctx.school?.id ?? null);
    const policy = presentPolicy(documentOf(version), settings, {
      ownerName: ownerName(ctx),
      trustWide: version.school_id === null,
      facts: factsOf(version),
    });
    const history = revisionHistory(await siblingVersions(db, ctx, version), version.number);
    const pdf = await renderPolicyPdf({ policy, history, generatedOn: ukDate(clock.now()) });
    const filename = `social-media-policy-v${version.number}${version.status === 'draft' ? '-draft' : ''}.pdf`;
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  /** Clause-by-clause differences between a version and an earlier one (by default, the one before it). */
  app.get('/policy/versions/:id/changes', { config: { access: 'signed-in', scope: 'any' } }, async (request, reply) => {
    const ctx = requireCtx(request);
    const version = await loadReadable(db, ctx, (request.params as { id: string }).id);
    const versions = await siblingVersions(db, ctx, version);
    const fromId = (request.query as { from?: unknown }).from;
    let from: VersionRow | undefined;
    if (typeof fromId === 'string' && fromId !== '') {
      from = await loadReadable(db, ctx, fromId);
      if (from.policy_id !== version.policy_id) throw new NotFoundError();
    } else {
      const previous = previousOf(versions, version);
      if (previous) from = await loadReadable(db, ctx, previous.id);
    }
    const schoolId = ctx.school?.id ?? null;
    const changes = from
      ? presentChanges(
          documentOf(from),
          documentOf(version),
          await settingsOfVersion(db, from, schoolId),
          await settingsOfVersion(db, version, schoolId),
        )
      : null;
    const choices = versions
      .filter((v) => v.id !== version.id)
      .map((v) => ({
        value: v.id,
        text: `Version ${v.number}${v.status === 'draft' ? ' (draft)' : v.approved_on ? `, approved ${formatDate(v.approved_on)}` : ''}`,
        selected: v.id === from?.id,
      }));
    return render(request, reply, 'policies/publish/views/changes.njk', {
      pageTitle: `What changed in version ${version.number}`,
      version: { id: version.id, ...factsOf(version) },
      from: from ? { id: from.id, ...factsOf(from) } : null,
      changes,
      choices,
      ownerName: ownerName(ctx),
      tagClasses: TAG_CLASSES,
    });
  });
}
