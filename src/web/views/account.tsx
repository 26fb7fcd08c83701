// Sign-up, sign-in and account pages: plain forms that work without JavaScript.
import type { User } from '../../modules/accounts/index.ts';
import { Csrf, PostButton } from './partials/form.tsx';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';

function FormError(props: { message: string | null }) {
  if (!props.message) return null;
  return (
    <p class="form-error" id="form-error" role="alert">
      {props.message}
    </p>
  );
}

function Field(props: { id: string; label: string; type: string; value?: string; autocomplete: string; hint?: string; invalid?: boolean }) {
  return (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        value={props.value}
        autocomplete={props.autocomplete}
        required
        aria-describedby={[props.hint ? `${props.id}-hint` : '', props.invalid ? 'form-error' : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
    </p>
  );
}

export function SignUpPage(props: { ctx: ViewContext; csrf: string; error: string | null; values: { email?: string; name?: string }; sent?: boolean }) {
  if (props.sent) {
    // The same page whether the address was new or already had an account (#10.17).
    return (
      <Layout ctx={props.ctx} head={{ title: 'Check your email', robots: 'noindex' }}>
        <section class="notice" aria-labelledby="sent-heading">
          <h1 id="sent-heading">Check your email</h1>
          <p role="status">We have sent a message to the address you gave. Open the link in it to finish: it works for 48 hours and signs you in.</p>
          <p>Nothing there after a few minutes? Look in your spam folder, or <a href="/account/sign-up">try again</a>.</p>
        </section>
      </Layout>
    );
  }
  return (
    <Layout ctx={props.ctx} head={{ title: 'Create an account', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="sign-up-heading">
        <h1 id="sign-up-heading">Create an account</h1>
        <p>An account lets you join the conversation under our stories.</p>
        <FormError message={props.error} />
        <form method="post" action="/account/sign-up">
          <Csrf token={props.csrf} />
          <Field id="email" label="Email address" type="email" value={props.values.email} autocomplete="email" invalid={!!props.error} />
          <Field id="name" label="Display name" type="text" value={props.values.name} autocomplete="nickname" hint="Shown beside your comments." invalid={!!props.error} />
          <Field id="password" label="Password" type="password" autocomplete="new-password" hint="At least 10 characters, and not a common one." invalid={!!props.error} />
          <p>
            <button type="submit">Create account</button>
          </p>
        </form>
        <p>
          Already have an account? <a href="/account/sign-in">Sign in</a>
        </p>
      </section>
    </Layout>
  );
}

export function SignInPage(props: { ctx: ViewContext; csrf: string; error: string | null; email?: string; next: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Sign in', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">Sign in</h1>
        <FormError message={props.error} />
        <form method="post" action="/account/sign-in">
          <Csrf token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <Field id="email" label="Email address" type="email" value={props.email} autocomplete="email" invalid={!!props.error} />
          <Field id="password" label="Password" type="password" autocomplete="current-password" invalid={!!props.error} />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
        <p>
          <a href="/account/reset">Forgot your password?</a>
        </p>
        <p>
          New here? <a href="/account/sign-up">Create an account</a>
        </p>
      </section>
    </Layout>
  );
}

export interface OwnComment {
  id: string;
  status: string;
  createdAt: string;
  storySlug: string;
  storyHeadline: string;
  excerpt: string;
}

const COMMENT_STATUS: Record<string, string> = { published: 'Published', pending: 'Held for review', rejected: 'Not published' };

export function AccountPage(props: {
  ctx: ViewContext;
  csrf: string;
  user: User;
  notice: string | null;
  error?: { form: 'password' | 'email'; message: string } | null;
  comments: OwnComment[];
  preferences: { replies: boolean; decisions: boolean };
}) {
  const { user } = props;
  const error = props.error ?? null;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your account', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="account-heading">
        <h1 id="account-heading">Your account</h1>
        {props.notice ? (
          <p class="form-notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <dl class="contact-list">
          <dt>Display name</dt>
          <dd>{user.displayName}</dd>
          <dt>Email address</dt>
          <dd>
            {user.email} {user.emailVerified ? '(verified)' : '(not verified yet: follow the link we emailed you)'}
          </dd>
        </dl>
        {!user.emailVerified ? (
          <PostButton action="/account/verify/resend" csrf={props.csrf} label="Send the confirmation link again" buttonClass="button-secondary" />
        ) : null}
        {user.role !== 'reader' ? (
          <p>
            <a href="/desk">Go to the moderation desk</a>
          </p>
        ) : null}
        <PostButton action="/account/sign-out" csrf={props.csrf} label="Sign out" />
        <PostButton action="/account/sign-out-everywhere" csrf={props.csrf} label="Sign out on every device" buttonClass="button-secondary" />

        <h2 id="follows-heading">What you follow</h2>
        <p>
          <a href="/following">Your Following page</a>: the latest stories from the topics and authors you follow. <a href="/account/follows">Choose their alerts and digests</a>.
        </p>

        <h2 id="comments-heading">Your comments</h2>
        {props.comments.length === 0 ? <p>You have not commented yet.</p> : null}
        <ul class="own-comments" aria-labelledby="comments-heading">
          {props.comments.map((c) => (
            <li key={c.id}>
              <a href={`/comments/${c.id}`}>{c.excerpt}</a> on <a href={`/stories/${c.storySlug}`}>{c.storyHeadline}</a>{' '}
              <span class={`status status--${c.status}`}>({COMMENT_STATUS[c.status] ?? c.status})</span>
            </li>
          ))}
        </ul>

        <h2 id="emails-heading">Emails about your comments</h2>
        <form method="post" action="/account/notifications" aria-labelledby="emails-heading">
          <Csrf token={props.csrf} />
          <p class="choice">
            <input type="checkbox" id="notify-replies" name="replies" value="1" checked={props.preferences.replies} />
            <label for="notify-replies">Email me when someone replies to my comment</label>
          </p>
          <p class="choice">
            <input type="checkbox" id="notify-decisions" name="decisions" value="1" checked={props.preferences.decisions} />
            <label for="notify-decisions">Email me when a moderator approves or declines my comment</label>
          </p>
          <p>
            <button type="submit" class="button-secondary">
              Save email choices
            </button>
          </p>
        </form>

        <h2 id="password-heading">Change your password</h2>
        {error?.form === 'password' ? <FormError message={error.message} /> : null}
        <form method="post" action="/account/password" aria-labelledby="password-heading">
          <Csrf token={props.csrf} />
          <Field id="current" label="Current password" type="password" autocomplete="current-password" invalid={error?.form === 'password'} />
          <Field id="password" label="New password" type="password" autocomplete="new-password" hint="At least 10 characters, and not a common one." invalid={error?.form === 'password'} />
          <p>
            <button type="submit">Change password</button>
          </p>
        </form>

        <h2 id="email-heading">Change your email address</h2>
        {error?.form === 'email' ? <FormError message={error.message} /> : null}
        <form method="post" action="/account/email" aria-labelledby="email-heading">
          <Csrf token={props.csrf} />
          <Field id="new-email" label="New email address" type="email" autocomplete="email" hint="We send a link there; the change happens when you open it." invalid={error?.form === 'email'} />
          <Field id="email-password" label="Your password" type="password" autocomplete="current-password" invalid={error?.form === 'email'} />
          <p>
            <button type="submit">Send confirmation link</button>
          </p>
        </form>

        <h2>Delete your account</h2>
        <p>
          <a href="/account/delete">Delete your account</a>: your comments stay in their conversations, shown as written by a deleted account.
        </p>
      </section>
    </Layout>
  );
}

export function ConfirmEmailPage(props: { ctx: ViewContext; csrf: string; token: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Confirm your email address', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="confirm-heading">
        <h1 id="confirm-heading">Confirm your email address</h1>
        <p>One step left: confirm this address to finish creating your account and sign in.</p>
        <form method="post" action="/account/verify">
          <Csrf token={props.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <p>
            <button type="submit">Confirm and sign in</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function VerifiedPage(props: { ctx: ViewContext; ok: boolean; message: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: props.ok ? 'Email address verified' : 'Link not valid', robots: 'noindex' }}>
      <section class="notice" aria-labelledby="verify-heading">
        <h1 id="verify-heading">{props.ok ? 'Email address verified' : 'That link is not valid'}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/account">Go to your account</a>
        </p>
      </section>
    </Layout>
  );
}

export function ForgotPasswordPage(props: { ctx: ViewContext; csrf: string; error: string | null; sent: boolean; email?: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Reset your password', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="reset-heading">
        <h1 id="reset-heading">Reset your password</h1>
        {props.sent ? (
          <p class="form-notice" role="status">
            If an account uses that address, we have emailed it a link to set a new password. The link works for one hour.
          </p>
        ) : null}
        <FormError message={props.error} />
        <form method="post" action="/account/reset">
          <Csrf token={props.csrf} />
          <Field id="email" label="Email address" type="email" value={props.email} autocomplete="email" invalid={!!props.error} />
          <p>
            <button type="submit">Email me a reset link</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function NewPasswordPage(props: { ctx: ViewContext; csrf: string; token: string; error: string | null }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Choose a new password', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="new-password-heading">
        <h1 id="new-password-heading">Choose a new password</h1>
        <FormError message={props.error} />
        <form method="post" action="/account/reset/confirm">
          <Csrf token={props.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <Field id="password" label="New password" type="password" autocomplete="new-password" hint="At least 10 characters, and not a common one." invalid={!!props.error} />
          <p>
            <button type="submit">Set password and sign in</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

/** An invitation to the newsroom: a new account's name and password, or an existing account's password. */
export function InvitePage(props: { ctx: ViewContext; csrf: string; token: string; invite: { email: string; displayName: string; role: string; hasAccount: boolean } | null; error: string | null; name?: string }) {
  const { invite } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Join the newsroom', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="invite-heading">
        <h1 id="invite-heading">Join the newsroom</h1>
        {invite ? (
          <>
            <p>
              You are invited to {props.ctx.settings.siteName} as {invite.role}, with the address {invite.email}.
            </p>
            <FormError message={props.error} />
            <form method="post" action="/account/invite">
              <Csrf token={props.csrf} />
              <input type="hidden" name="token" value={props.token} />
              {invite.hasAccount ? (
                <>
                  <p>This address already has an account: enter its password, and the account joins the newsroom.</p>
                  <Field id="password" label="Your password" type="password" autocomplete="current-password" invalid={!!props.error} />
                </>
              ) : (
                <>
                  <Field id="displayName" label="Your name" type="text" value={props.name ?? invite.displayName} autocomplete="name" hint="As colleagues and bylines show it." />
                  <Field id="password" label="Choose a password" type="password" autocomplete="new-password" hint="At least 10 characters, and not a common one." invalid={!!props.error} />
                </>
              )}
              <p>
                <button type="submit">Join and sign in</button>
              </p>
            </form>
          </>
        ) : (
          <>
            <FormError message={props.error ?? 'That invitation is not valid any more: it was used, or it expired. Ask the admin who sent it for a new one.'} />
            <p>
              <a href="/account/sign-in">Sign in</a> if you already joined.
            </p>
          </>
        )}
      </section>
    </Layout>
  );
}

export function DeleteAccountPage(props: { ctx: ViewContext; csrf: string; error: string | null }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Delete your account', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="delete-heading">
        <h1 id="delete-heading">Delete your account</h1>
        <p>This removes your account, your sign-ins and your email address from our site. It cannot be undone.</p>
        <p>Your comments stay where they are, so conversations still make sense, with &quot;Deleted account&quot; in place of your name.</p>
        <FormError message={props.error} />
        <form method="post" action="/account/delete">
          <Csrf token={props.csrf} />
          <Field id="password" label="Your password, to confirm" type="password" autocomplete="current-password" invalid={!!props.error} />
          <p>
            <button type="submit" class="button-danger">
              Delete my account
            </button>
          </p>
        </form>
        <p>
          <a href="/account">Keep my account</a>
        </p>
      </section>
    </Layout>
  );
}
