// The post checks through the JSON API (PUB-2): a school's website, newsletter or MIS tool checks a
// text against the policy and the roll before it publishes anything. Nothing is stored.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { MAX_TEXT_LENGTH } from './model.ts';
import { presentFindings } from './page.ts';
import { findingsOf } from './refresh.ts';

const CheckRequest = Type.Object(
  {
    text: Type.String({ maxLength: MAX_TEXT_LENGTH, description: 'The words to check, as they would be published.' }),
    sharedMaterial: Type.Optional(
      Type.Object(
        {
          source: Type.Optional(Type.String({ maxLength: 300 })),
          permission: Type.Optional(Type.Boolean()),
        },
        {
          additionalProperties: false,
          description: 'Present when the text shares someone else’s photo, video, music or writing.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const Finding = Type.Object({
  rule: Type.String(),
  severity: Type.Union([Type.Literal('blocking'), Type.Literal('confirm'), Type.Literal('advisory')], {
    description:
      'blocking: the words must change; confirm: the approver must confirm `confirm` before approving; advisory: the approver may approve, giving a reason.',
  }),
  confirm: Type.Optional(Type.String({ description: 'For a `confirm` finding: what the approver must confirm.' })),
  clauseKey: Type.String({ description: 'The stable key of the policy clause the finding enforces.' }),
  citation: Type.String({ description: 'The clause as the school’s policy numbers it, e.g. “§7.3 First names only”.' }),
  message: Type.String(),
  words: Type.Array(Type.String()),
  spans: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() })),
});

const CheckResponse = Type.Object({
  blocking: Type.Integer(),
  confirm: Type.Integer(),
  advisory: Type.Integer(),
  findings: Type.Array(Finding),
});

export function registerPostApi(app: FastifyInstance, { db, clock }: ModuleContext): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/posts/check',
    {
      config: { access: 'posts.check', api: true },
      schema: {
        tags: ['posts'],
        summary: 'Check a text against the school’s policy and pupil roll (nothing is stored)',
        body: CheckRequest,
        response: { 200: CheckResponse },
      },
    },
    async (request) => {
      const school = tenantOf(requireCtx(request));
      const now = clock.now();
      const { text, sharedMaterial } = request.body;
      const findings = await findingsOf(
        db,
        school,
        {
          text,
          shares_material: sharedMaterial !== undefined,
          shared_source: sharedMaterial?.source?.trim() || null,
          shared_permission: sharedMaterial?.permission ?? null,
          platform: null,
        },
        [],
        now,
      );
      const presented = await presentFindings(db, school, findings, text, [], now);
      return {
        blocking: presented.blockingCount,
        confirm: presented.confirmCount,
        advisory: presented.advisoryCount,
        findings: findings.map((f, i) => ({
          rule: f.rule,
          severity: f.severity,
          ...(f.confirm ? { confirm: f.confirm } : {}),
          clauseKey: f.clauseKey,
          citation: presented.findings[i]!.citation,
          message: f.message,
          words: presented.findings[i]!.words,
          spans: f.spans,
        })),
      };
    },
  );
}
