// Staff pages: the admin's list of staff (roles, deactivation, password resets, invitations and
// the staff log) and the author profile a staff member's bylines link to.
import { STAFF_ROLES, type PendingInvite, type Role, type StaffLogEntry, type StaffMember } from '../../../modules/accounts/index.ts';
import type { ProfileInput, StaffProfile } from '../../../modules/authors/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Csrf, PostButton } from '../partials/form.tsx';
import { Picture } from '../partials/picture.tsx';
import { authorPath } from '../urls.ts';
import { FieldList, FormErrorBanner, Select, type FieldSpec } from './fields.tsx';
import { DeskLayout, Flash } from './shell.tsx';

const ROLE_LABELS: Record<Role, string> = { reader: 'Reader (not staff)', reporter: 'Reporter', moderator: 'Moderator', editor: 'Editor', admin: 'Admin' };

function RoleSelect(props: { id: string; value: Role | ''; withReader: boolean }) {
  const roles: Role[] = props.withReader ? [...STAFF_ROLES, 'reader'] : [...STAFF_ROLES];
  return <Select id={props.id} name="role" options={roles.map((r) => [r, ROLE_LABELS[r]] as const)} value={props.value} />;
}

export function StaffPage(props: {
  ctx: ViewContext;
  csrf: string;
  selfId: string;
  members: StaffMember[];
  invites: PendingInvite[];
  log: StaffLogEntry[];
  flash: string | null;
  error: string | null;
  invite: { email: string; displayName: string; role: string };
}) {
  const tz = props.ctx.timeZone;
  return (
    <DeskLayout ctx={props.ctx} title="Staff" current="/desk/staff" role="admin">
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <section aria-labelledby="invite-heading" class="desk-photo">
        <h2 id="invite-heading">Invite someone</h2>
        <p>They get an email with a link that works once, for seven days, to set their password and join with the role you choose.</p>
        <form method="post" action="/desk/staff/invite" class="desk-form">
          <Csrf token={props.csrf} />
          <p class="field">
            <label for="invite-name">Name</label>
            <input id="invite-name" name="displayName" type="text" value={props.invite.displayName} required />
          </p>
          <p class="field">
            <label for="invite-email">Email address</label>
            <input id="invite-email" name="email" type="email" value={props.invite.email} required />
          </p>
          <p class="field">
            <label for="invite-role">Role</label>
            <RoleSelect id="invite-role" value={(props.invite.role as Role) || 'reporter'} withReader={false} />
          </p>
          <p>
            <button type="submit">Send the invitation</button>
          </p>
        </form>
      </section>
      <h2>The newsroom</h2>
      <table class="log-table">
        <caption class="visually-hidden">Staff accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.displayName}
                <br />
                <a href={`/desk/staff/${m.id}/profile`}>Author profile</a>
              </td>
              <td>{m.email}</td>
              <td>
                {m.id === props.selfId ? (
                  ROLE_LABELS[m.role]
                ) : (
                  <form method="post" action={`/desk/staff/${m.id}/role`} class="desk-action">
                    <Csrf token={props.csrf} />
                    <label class="visually-hidden" for={`role-${m.id}`}>
                      Role of {m.displayName}
                    </label>
                    <RoleSelect id={`role-${m.id}`} value={m.role} withReader />
                    <button type="submit" class="button-secondary">
                      Change
                    </button>
                  </form>
                )}
              </td>
              <td>
                {m.deactivatedAt ? (
                  <>
                    Deactivated <time datetime={m.deactivatedAt}>{formatDateTime(m.deactivatedAt, tz)}</time>
                  </>
                ) : (
                  'Active'
                )}
                {m.id === props.selfId ? (
                  <p>This is you.</p>
                ) : (
                  <div class="desk-row-actions">
                    {m.deactivatedAt ? (
                      <PostButton action={`/desk/staff/${m.id}/reactivate`} csrf={props.csrf} label={`Reactivate ${m.displayName}`} buttonClass="button-secondary" />
                    ) : (
                      <>
                        <PostButton action={`/desk/staff/${m.id}/deactivate`} csrf={props.csrf} label={`Deactivate ${m.displayName}`} buttonClass="button-secondary" />
                        <PostButton action={`/desk/staff/${m.id}/reset-password`} csrf={props.csrf} label={`Reset ${m.displayName}’s password`} buttonClass="button-secondary" />
                      </>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Open invitations</h2>
      {props.invites.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {props.invites.map((i) => (
            <li key={i.email}>
              {i.displayName} ({i.email}) as {ROLE_LABELS[i.role].toLowerCase()}, invited by {i.invitedBy}; the link works until <time datetime={i.expiresAt}>{formatDateTime(i.expiresAt, tz)}</time>
            </li>
          ))}
        </ul>
      )}
      <h2>Staff log</h2>
      {props.log.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <table class="log-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Account</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {props.log.map((l, n) => (
              <tr key={n}>
                <td>
                  <time datetime={l.at}>{formatDateTime(l.at, tz)}</time>
                </td>
                <td>{l.actorName}</td>
                <td>{l.action}</td>
                <td>{l.target}</td>
                <td>{l.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DeskLayout>
  );
}

const PROFILE_FIELDS: FieldSpec<keyof ProfileInput>[] = [
  { key: 'name', label: 'Byline name', hint: 'As bylines show it; a byline with this name links to this page.', required: true },
  { key: 'jobTitle', label: 'Job title', hint: 'For example Senior reporter, or Weekend anchor.' },
  { key: 'bio', label: 'Short bio', hint: 'A few sentences for the author page, at most 1,000 characters.', long: true },
  { key: 'slug', label: 'Page address', hint: '/authors/… on the site; leave empty to make it from the name.' },
];

export function ProfilePage(props: { ctx: ViewContext; role: Role; csrf: string; action: string; whose: string | null; profile: StaffProfile; values: ProfileInput; flash: string | null; error: { field: keyof ProfileInput | null; message: string } | null }) {
  const { profile, values, error } = props;
  return (
    <DeskLayout ctx={props.ctx} title={props.whose ? `Author profile: ${props.whose}` : 'Your author profile'} current={props.whose ? '/desk/staff' : '/desk/profile'} role={props.role}>
      <Flash message={props.flash} />
      <FormErrorBanner message={error?.message} />
      {profile.authorId ? (
        <p>
          Readers see it at <a href={authorPath(profile.slug)}>{authorPath(profile.slug)}</a>, with every story whose byline names {profile.name}.
        </p>
      ) : (
        <p>No author page yet: saving makes one, and bylines with this name link to it.</p>
      )}
      <form method="post" action={props.action} class="story-form">
        <Csrf token={props.csrf} />
        <FieldList prefix="profile" fields={PROFILE_FIELDS} values={values} invalid={error?.field} rows={5} />
        <p>
          <button type="submit">Save the profile</button>
        </p>
      </form>
      <section class="desk-photo" aria-labelledby="profile-photo-heading">
        <h2 id="profile-photo-heading">Photo</h2>
        {profile.photo ? <Picture media={profile.photo} sizes="10rem" fallbackWidth={320} /> : <p>No photo yet.</p>}
        <form method="post" action={`${props.action}/photo`} enctype="multipart/form-data" class="desk-form">
          <Csrf token={props.csrf} />
          <p class="field">
            <label for="profile-photo">{profile.photo ? 'Replace with' : 'Upload a photo'}</label>
            <span class="field__hint" id="profile-photo-hint">
              A head-and-shoulders picture: JPEG, PNG, WebP or GIF, up to 25 MB.
            </span>
            <input id="profile-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required aria-describedby="profile-photo-hint" />
          </p>
          <p>
            <button type="submit">Upload the photo</button>
          </p>
        </form>
      </section>
    </DeskLayout>
  );
}
