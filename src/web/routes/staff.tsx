// Staff: the admin's list (invite, change a role, deactivate, reset a password, the staff log)
// and author profiles, each staff member's own at /desk/profile or any of them for an admin.
// The use cases are the accounts and authors modules'; this plugin parses, calls and renders,
// and sends the emails those calls return links for.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { AppError, NotFoundError } from '../../errors.ts';
import { changeRole, deactivateStaff, inviteStaff, listStaff, reactivateStaff, resetStaffPassword, STAFF_ROLES, type User } from '../../modules/accounts/index.ts';
import { loadStaffProfile, profileProblem, saveStaffProfile, setProfilePhoto, type ProfileInput } from '../../modules/authors/index.ts';
import { MAX_IMAGE_BYTES } from '../../modules/media/index.ts';
import { defineArea } from '../areas.ts';
import { formBody, formProblem } from '../form-schema.ts';
import { csrfToken } from '../plugins/forms.ts';
import { ADMINS, requireRole, staffOf } from '../session.ts';
import { ProfilePage, StaffPage } from '../views/desk/staff.tsx';
import { renderDocument } from '../views/layout.tsx';

const INVITE_FORM = formBody({ email: 254, displayName: 200, role: 20 });
const ROLE_FORM = formBody({ role: 20 });
const PROFILE_FORM = formBody({ name: 200, jobTitle: 200, bio: 2000, slug: 120 });
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9a-f-]{8,64}$' } }, required: ['id'] } as const;
const DONE: Record<string, string> = {
  invited: 'Invitation sent.',
  role: 'Role changed: it applies on their next page.',
  deactivate: 'Deactivated: their sessions have ended and they cannot sign in.',
  reactivate: 'Reactivated: they can sign in again.',
  'reset-password': 'Their password no longer works and their sessions have ended; a link to choose a new one is on its way to them.',
  profile: 'Profile saved: the author page and bylines show it now.',
  photo: 'Photo saved.',
};

export const area = defineArea('staff', async (app) => {
  const forms = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (reply: FastifyReply, node: preact.VNode, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(node));
  const flashOf = (request: FastifyRequest) => DONE[(request.query as { done?: string }).done ?? ''] ?? null;
  const admins = { preHandler: requireRole(app, ADMINS) };
  const anyStaff = { preHandler: requireRole(app, STAFF_ROLES) };
  const actorOf = (user: User) => ({ id: user.id, name: user.displayName, role: user.role });

  async function staffPage(request: FastifyRequest, reply: FastifyReply, options: { error?: string; status?: number; invite?: { email: string; displayName: string; role: string } } = {}) {
    const [ctx, staff] = await Promise.all([app.site.load(app.db), listStaff(app.db)]);
    return page(
      reply,
      <StaffPage ctx={ctx} csrf={csrfToken(request, reply)} selfId={staffOf(request).id} {...staff} flash={flashOf(request)} error={options.error ?? null} invite={options.invite ?? { email: '', displayName: '', role: 'reporter' }} />,
      options.status,
    );
  }

  app.get('/desk/staff', admins, (request, reply) => staffPage(request, reply));

  forms.post('/desk/staff/invite', { ...admins, schema: { body: INVITE_FORM }, attachValidation: true }, async (request, reply) => {
    const form = request.validationError ? {} : request.body;
    const values = { email: form.email ?? '', displayName: form.displayName ?? '', role: form.role ?? '' };
    if (request.validationError) return staffPage(request, reply, { error: formProblem(request.validationError), status: 400, invite: values });
    try {
      await inviteStaff(app.db, actorOf(staffOf(request)), values);
      return reply.redirect('/desk/staff?done=invited', 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return staffPage(request, reply, { error: error.message, status: error.status, invite: values });
      throw error;
    }
  });

  /** The admin's actions on one account: each answers on the staff page. */
  const act = (action: 'role' | 'deactivate' | 'reactivate' | 'reset-password') =>
    async function (request: FastifyRequest, reply: FastifyReply) {
      const { id } = request.params as { id: string };
      const actor = actorOf(staffOf(request));
      try {
        if (action === 'role') await changeRole(app.db, actor, id, (request.body as { role?: string }).role ?? '');
        if (action === 'deactivate') await deactivateStaff(app.db, actor, id);
        if (action === 'reactivate') await reactivateStaff(app.db, actor, id);
        if (action === 'reset-password') await resetStaffPassword(app.db, actor, id);
        return reply.redirect(`/desk/staff?done=${action}`, 303);
      } catch (error) {
        if (error instanceof AppError && error.status < 500) return staffPage(request, reply, { error: error.message, status: error.status });
        throw error;
      }
    };
  forms.post('/desk/staff/:id/role', { ...admins, schema: { params: idParams, body: ROLE_FORM } }, act('role'));
  for (const action of ['deactivate', 'reactivate', 'reset-password'] as const) app.post(`/desk/staff/:id/${action}`, { ...admins, schema: { params: idParams } }, act(action));

  // Profiles: one's own, or (for an admin) anyone's.
  const profileValues = (form: Partial<Record<keyof ProfileInput, string>>): ProfileInput => ({ name: form.name ?? '', jobTitle: form.jobTitle ?? '', bio: form.bio ?? '', slug: form.slug ?? '' });
  async function profilePage(request: FastifyRequest, reply: FastifyReply, userId: string, options: { values?: ProfileInput; error?: { field: keyof ProfileInput | null; message: string }; status?: number } = {}) {
    const [ctx, profile] = await Promise.all([app.site.load(app.db), loadStaffProfile(app.db, userId)]);
    if (!profile) throw new NotFoundError('There is no such account.');
    const user = staffOf(request);
    const own = userId === user.id;
    const whose = own ? null : ((await app.db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? null);
    return page(
      reply,
      <ProfilePage
        ctx={ctx}
        role={user.role}
        csrf={csrfToken(request, reply)}
        action={own ? '/desk/profile' : `/desk/staff/${userId}/profile`}
        whose={whose}
        profile={profile}
        values={options.values ?? { name: profile.name, jobTitle: profile.jobTitle, bio: profile.bio, slug: profile.authorId ? profile.slug : '' }}
        flash={flashOf(request)}
        error={options.error ?? null}
      />,
      options.status,
    );
  }
  const profileOwner = (request: FastifyRequest) => (request.params as { id?: string }).id ?? staffOf(request).id;
  const profileDone = (request: FastifyRequest, done: string) => ((request.params as { id?: string }).id ? `/desk/staff/${profileOwner(request)}/profile?done=${done}` : `/desk/profile?done=${done}`);

  async function saveProfile(request: FastifyRequest, reply: FastifyReply) {
    const userId = profileOwner(request);
    const values = profileValues(request.validationError ? {} : (request.body as Partial<Record<keyof ProfileInput, string>>));
    if (request.validationError) return profilePage(request, reply, userId, { values, error: { field: null, message: formProblem(request.validationError) }, status: 400 });
    const problem = profileProblem(values);
    if (problem) return profilePage(request, reply, userId, { values, error: problem, status: 400 });
    try {
      await saveStaffProfile(app.db, staffOf(request), userId, values);
      return reply.redirect(profileDone(request, 'profile'), 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return profilePage(request, reply, userId, { values, error: { field: null, message: error.message }, status: error.status });
      throw error;
    }
  }
  app.get('/desk/profile', anyStaff, (request, reply) => profilePage(request, reply, staffOf(request).id));
  forms.post('/desk/profile', { ...anyStaff, schema: { body: PROFILE_FORM }, attachValidation: true }, saveProfile);
  app.get('/desk/staff/:id/profile', { ...admins, schema: { params: idParams } }, (request, reply) => profilePage(request, reply, profileOwner(request)));
  forms.post('/desk/staff/:id/profile', { ...admins, schema: { params: idParams, body: PROFILE_FORM }, attachValidation: true }, saveProfile);

  // The photo arrives as a multipart form, whole (at most 25 MB); the role is checked before the body is read.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 4, fieldSize: 4096, parts: 6 } });
  const photoRoute = (roles: readonly (typeof STAFF_ROLES)[number][]) => ({
    onRequest: requireRole(app, roles),
    errorHandler: async (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      if (error.code !== 'FST_REQ_FILE_TOO_LARGE' && error.code !== 'FST_FILES_LIMIT' && error.code !== 'FST_PARTS_LIMIT') throw error;
      const message = error.code === 'FST_REQ_FILE_TOO_LARGE' ? `The photo is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; send a smaller one.` : 'Send one photo at a time.';
      return profilePage(request, reply, profileOwner(request), { error: { field: null, message }, status: 413 });
    },
  });
  async function savePhoto(request: FastifyRequest, reply: FastifyReply) {
    const userId = profileOwner(request);
    const bytes = (request.body as { photo?: unknown } | undefined)?.photo;
    try {
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new AppError('UPLOAD_INVALID', 'Choose a photo to upload.');
      await setProfilePhoto(app.db, app.config.mediaDir, staffOf(request), userId, bytes);
      return reply.redirect(profileDone(request, 'photo'), 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return profilePage(request, reply, userId, { error: { field: null, message: error.message }, status: error.status });
      throw error;
    }
  }
  app.post('/desk/profile/photo', photoRoute(STAFF_ROLES), savePhoto);
  app.post('/desk/staff/:id/profile/photo', { ...photoRoute(['admin']), schema: { params: idParams } }, savePhoto);
});
