import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { ModuleContext } from '../../../platform/http/module-context.ts';
import { ValidationError, type FieldError } from '../../../platform/http/errors.ts';
import { actorOf, requireCtx, tenantOf } from '../../../platform/http/forms.ts';
import { visiblePost } from '../../publishing/posts/page.ts';
import { GROUP_LABELS, KIND_KEYS, KINDS } from '../rules/kinds.ts';
import type { UploadedFile } from '../evidence/files.ts';
import { AmbiguousPeople, MAX_NAMED, reportConcern, type ReportForm } from './service.ts';
import type { PersonChoice } from './people.ts';

declare module 'fastify' {
  interface Session {
    /** What the confirmation page says, kept in the reporter's session (they may not see a restricted case itself). */
    concernSent?: {
      reference: string;
      receivers: string;
      group: string | null;
      fallback: boolean;
      urgent: boolean;
      atRisk: boolean;
      restricted: boolean;
      dueAt: string;
      caseId: string;
    };
  }
}

const MAX_FILES = 10;

/** Every field of a urlencoded or multipart form as strings (repeated fields as lists). */
export function readFields(request: FastifyRequest): Record<string, string[]> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(body)) {
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
      if (typeof v === 'string') return [v];
      if (v && typeof v === 'object' && 'value' in v && !('file' in v))
        return [String((v as { value: unknown }).value ?? '')];
      return [];
    });
    if (values.length) out[key] = values;
  }
  return out;
}

export async function readUploads(request: FastifyRequest, field: string): Promise<UploadedFile[]> {
  if (!request.isMultipart()) return [];
  const raw = ((request.body ?? {}) as Record<string, unknown>)[field];
  const files = (Array.isArray(raw) ? raw : raw ? [raw] : []) as MultipartFile[];
  const out: UploadedFile[] = [];
  for (const f of files) {
    if (!f || typeof f.toBuffer !== 'function') continue;
    const bytes = await f.toBuffer();
    if (!f.filename && bytes.length === 0) continue; // an empty file box
    out.push({ fileName: f.filename, declaredType: f.mimetype ?? '', bytes, truncated: f.file.truncated });
  }
  return out;
}

const first = (f: Record<string, string[]>, key: string) => f[key]?.[0] ?? '';

function readForm(request: FastifyRequest): ReportForm {
  const f = readFields(request);
  return {
    kind: first(f, 'kind'),
    description: first(f, 'description'),
    disclosure: first(f, 'disclosure'),
    atRisk: first(f, 'atRisk'),
    where: first(f, 'where'),
    whereSite: first(f, 'whereSite'),
    day: first(f, 'when-day'),
    month: first(f, 'when-month'),
    year: first(f, 'when-year'),
    time: first(f, 'time'),
    involved: Array.from({ length: MAX_NAMED }, (_, i) => first(f, `involved-${i}`)),
    picks: Array.from({ length: MAX_NAMED }, (_, i) => first(f, `pick-${i}`)),
    outside: first(f, 'outside'),
    postId: first(f, 'postId'),
  };
}

const EMPTY: ReportForm = {
  kind: '',
  description: '',
  disclosure: '',
  atRisk: '',
  where: '',
  whereSite: '',
  day: '',
  month: '',
  year: '',
  time: '',
  involved: ['', '', ''],
  picks: ['', '', ''],
  outside: '',
  postId: '',
};

/** Report a concern (INC-1): one form page and one confirmation, from anywhere. */
export function registerReportRoutes(app: FastifyInstance, { db, clock, render, config }: ModuleContext): void {
  async function attachedPost(request: FastifyRequest, postId: string) {
    if (!postId) return null;
    const ctx = requireCtx(request);
    const { post } = await visiblePost(db, ctx, tenantOf(ctx), postId, clock.now());
    const words = post.text.trim() || 'Photos only';
    return {
      id: post.id,
      summary: words.length > 120 ? `${words.slice(0, 117).trimEnd()}…` : words,
      status: post.status,
    };
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: ReportForm,
    errors?: FieldError[],
    choices: Record<number, PersonChoice[]> = {},
  ) {
    const post = await attachedPost(request, values.postId);
    return render(
      request,
      reply,
      'incidents/report/views/form.njk',
      {
        pageTitle: 'Report a concern',
        values,
        post,
        uploadLimitMb: config.uploadLimitMb,
        maxFiles: MAX_FILES,
        kindItems: KIND_KEYS.map((k) => ({
          value: k,
          text: KINDS[k].label,
          hint: { text: KINDS[k].hint },
          checked: values.kind === k,
        })),
        riskItems: [
          { value: 'yes', text: 'Yes', checked: values.atRisk === 'yes' },
          { value: 'no', text: 'No', checked: values.atRisk === 'no' },
        ],
        named: values.involved.map((text, i) => ({
          index: i,
          text,
          choices: (choices[i] ?? []).map((c) => ({
            value: c.value,
            text: c.name,
            hint: { text: c.hint },
            checked: values.picks[i] === c.value,
          })),
        })),
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/concerns/new', { config: { access: 'cases.report' } }, async (request, reply) => {
    const postId = (request.query as { post?: string }).post ?? '';
    return formPage(request, reply, { ...EMPTY, postId, kind: postId ? 'official-post-mistake' : '' });
  });

  app.post(
    '/concerns/new',
    { config: { access: 'cases.report', multipartOptions: { limits: { files: MAX_FILES, fields: 40 } } } },
    async (request, reply) => {
      const ctx = requireCtx(request);
      const school = tenantOf(ctx);
      const values = readForm(request);
      const now = clock.now();
      try {
        const uploads = await readUploads(request, 'evidence');
        const post = await attachedPost(request, values.postId);
        const result = await reportConcern(db, now, school, { ...actorOf(ctx), id: ctx.person.id }, values, uploads, {
          uploadLimitMb: config.uploadLimitMb,
          baseUrl: config.baseUrl,
          post,
        });
        request.session.concernSent = {
          reference: result.reference,
          receivers: result.route.people.map((p) => p.name).join(', '),
          group: result.route.group,
          fallback: result.route.fallback,
          urgent: result.urgent,
          atRisk: result.atRisk,
          restricted: result.restricted,
          dueAt: result.triageDueAt.toISOString(),
          caseId: result.caseId,
        };
        return reply.redirect('/concerns/sent');
      } catch (error) {
        if (error instanceof AmbiguousPeople) return formPage(request, reply, values, error.errors, error.choices);
        if (error instanceof ValidationError) return formPage(request, reply, values, error.errors);
        throw error;
      }
    },
  );

  app.get('/concerns/sent', { config: { access: 'cases.report' } }, async (request, reply) => {
    const sent = request.session.concernSent;
    if (!sent) return reply.redirect('/concerns/new');
    return render(request, reply, 'incidents/report/views/sent.njk', {
      pageTitle: 'Concern sent',
      sent,
      groupText: sent.group ? GROUP_LABELS[sent.group as keyof typeof GROUP_LABELS] : null,
      dueAt: new Date(sent.dueAt),
    });
  });
}
