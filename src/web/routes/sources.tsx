// Wire sources for admins: the list with each feed's state, adding and changing a source (its
// format, transport, topic rules, hold policy), push secrets shown once, and the ingest log of
// each source. The ingest module checks and saves; this plugin parses and renders.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, NotFoundError } from '../../errors.ts';
import { findSourceBySlug, listSourceLog, listSources, listSourceStatus, newPushSecret, ruleLines, saveSourceSettings, sourceProblem, type Source, type SourceField, type SourceForm } from '../../modules/ingest/index.ts';
import { defineArea } from '../areas.ts';
import { formBody, formProblem } from '../form-schema.ts';
import { csrfToken } from '../plugins/forms.ts';
import { ADMINS, requireRole, staffOf } from '../session.ts';
import { SourcePage, SourcesPage } from '../views/desk/sources.tsx';
import { renderDocument } from '../views/layout.tsx';

const SOURCE_FORM = formBody({ slug: 80, name: 200, shortName: 60, kind: 20, rights: 400, canonical: 20, format: 20, transport: 20, location: 1000, pollSeconds: 10, authHeader: 600, publish: 20, rules: 20_000, defaultTopic: 200, allowLocal: 2, newSecret: 2 });
const slugParams = { type: 'object', properties: { slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,79}$' } }, required: ['slug'] } as const;
const DONE: Record<string, string> = { saved: 'Saved: the next items from it follow the new settings.' };

const formOf = (source: Source): SourceForm => ({
  slug: source.slug,
  name: source.name,
  shortName: source.shortName,
  kind: source.kind,
  rights: source.defaultRights ?? '',
  canonical: source.canonicalPolicy,
  format: source.format,
  transport: source.transport,
  location: source.location ?? '',
  pollSeconds: String(source.pollSeconds),
  authHeader: source.authHeader ?? '',
  publish: source.publishPolicy,
  rules: ruleLines(source.topicRules),
  defaultTopic: source.defaultTopic ?? '',
  allowLocal: source.allowLocal,
});

const EMPTY: SourceForm = { slug: '', name: '', shortName: '', kind: 'wire', rights: '', canonical: 'original', format: 'auto', transport: 'push', location: '', pollSeconds: '300', authHeader: '', publish: 'hold', rules: '', defaultTopic: '', allowLocal: false };

export const area = defineArea('sources', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const admins = { preHandler: requireRole(app, ADMINS) };

  app.get('/desk/sources', admins, async (_request, reply) => {
    const [ctx, sources, status] = await Promise.all([app.site.load(app.db), listSources(app.db), listSourceStatus(app.db)]);
    return page(reply, <SourcesPage ctx={ctx} sources={sources} status={status} />);
  });

  async function sourcePage(request: FastifyRequest, reply: FastifyReply, source: Source | null, options: { values?: SourceForm; error?: { field: SourceField | null; message: string }; status?: number; pushSecret?: string | null } = {}) {
    const [ctx, status, log] = await Promise.all([app.site.load(app.db), source ? listSourceStatus(app.db) : null, source ? listSourceLog(app.db, source.id) : []]);
    const done = (request.query as { done?: string }).done ?? '';
    return page(
      reply,
      <SourcePage
        ctx={ctx}
        csrf={csrfToken(request, reply)}
        isNew={source === null}
        values={options.values ?? (source ? formOf(source) : EMPTY)}
        source={source}
        status={source ? (status?.get(source.slug) ?? null) : null}
        log={log}
        pushSecret={options.pushSecret ?? null}
        flash={DONE[done] ?? null}
        error={options.error ?? null}
      />,
      options.status,
    );
  }

  const sourceOr404 = async (slug: string) => {
    const source = await findSourceBySlug(app.db, slug);
    if (!source) throw new NotFoundError('There is no such source.');
    return source;
  };

  app.get('/desk/sources/new', admins, (request, reply) => sourcePage(request, reply, null));
  app.get('/desk/sources/:slug', { ...admins, schema: { params: slugParams } }, async (request, reply) => sourcePage(request, reply, await sourceOr404((request.params as { slug: string }).slug)));

  /** One handler for adding and changing: the slug in the path (or the form, for a new one) names it. */
  async function save(request: FastifyRequest, reply: FastifyReply, existing: Source | null) {
    const body = (request.validationError ? {} : request.body) as Partial<Record<keyof SourceForm | 'newSecret', string>>;
    const values: SourceForm = {
      ...EMPTY,
      ...Object.fromEntries(Object.entries(body).filter(([k]) => k in EMPTY && k !== 'allowLocal')),
      slug: existing?.slug ?? body.slug ?? '',
      allowLocal: body.allowLocal === '1',
    };
    if (request.validationError) return sourcePage(request, reply, existing, { values, error: { field: null, message: formProblem(request.validationError) }, status: 400 });
    const problem = sourceProblem(values);
    if (problem) return sourcePage(request, reply, existing, { values, error: problem, status: 400 });
    if (!existing && (await findSourceBySlug(app.db, values.slug))) return sourcePage(request, reply, null, { values, error: { field: 'slug', message: 'A source already has that address.' }, status: 409 });
    try {
      const { source, pushSecret } = await saveSourceSettings(app.db, staffOf(request), values, { newPushSecret: !existing && body.newSecret === '1' });
      if (pushSecret) return sourcePage(request, reply, source, { pushSecret });
      return reply.redirect(`/desk/sources/${source.slug}?done=saved`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return sourcePage(request, reply, existing, { values, error: { field: null, message: error.message }, status: error.status });
      throw error;
    }
  }

  forms.post('/desk/sources', { ...admins, schema: { body: SOURCE_FORM }, attachValidation: true }, (request, reply) => save(request, reply, null));
  forms.post('/desk/sources/:slug', { ...admins, schema: { params: slugParams, body: SOURCE_FORM }, attachValidation: true }, async (request, reply) => save(request, reply, await sourceOr404((request.params as { slug: string }).slug)));

  // The new secret is shown on the answer itself, once, never in a URL.
  app.post('/desk/sources/:slug/push-secret', { ...admins, schema: { params: slugParams } }, async (request, reply) => {
    const source = await sourceOr404((request.params as { slug: string }).slug);
    const secret = await newPushSecret(app.db, staffOf(request), source.slug);
    return sourcePage(request, reply, await sourceOr404(source.slug), { pushSecret: secret });
  });
});
