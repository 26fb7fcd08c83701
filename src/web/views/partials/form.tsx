// Pieces every state-changing form shares: the CSRF token (checked by plugins/forms.ts), and
// the form that is only a button.
import { CSRF_FIELD } from '../../plugins/forms.ts';

export function Csrf(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** A POST that carries nothing but the token: sign out, resend a link, delete. */
export function PostButton(props: { action: string; csrf: string; label: string; buttonClass?: string; formClass?: string }) {
  return (
    <form method="post" action={props.action} class={props.formClass}>
      <Csrf token={props.csrf} />
      <button type="submit" class={props.buttonClass}>
        {props.label}
      </button>
    </form>
  );
}
