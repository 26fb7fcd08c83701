// Sign-up, sign-in and account pages: plain forms that work without JavaScript.
import type { User } from '../../modules/accounts/index.ts';
import { CSRF_FIELD } from '../plugins/forms.ts';
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

export function SignUpPage(props: { ctx: ViewContext; csrf: string; error: string | null; values: { email?: string; name?: string } }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Create an account', robots: 'noindex' }}>
      <section class="account-form" aria-labelledby="sign-up-heading">
        <h1 id="sign-up-heading">Create an account</h1>
        <p>An account lets you join the conversation under our stories.</p>
        <FormError message={props.error} />
        <form method="post" action="/account/sign-up">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
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
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <Field id="email" label="Email address" type="email" value={props.email} autocomplete="email" invalid={!!props.error} />
          <Field id="password" label="Password" type="password" autocomplete="current-password" invalid={!!props.error} />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
        <p>
          New here? <a href="/account/sign-up">Create an account</a>
        </p>
      </section>
    </Layout>
  );
}

export function AccountPage(props: { ctx: ViewContext; csrf: string; user: User; notice: string | null }) {
  const { user } = props;
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
        <form method="post" action="/account/sign-out">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <button type="submit">Sign out</button>
        </form>
        <form method="post" action="/account/sign-out-everywhere">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <button type="submit" class="button-secondary">
            Sign out on every device
          </button>
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
