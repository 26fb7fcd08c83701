// The public tip line: the form (a plain multipart form; with JavaScript on, tip-form.js does the
// proof of work and shows each file's upload progress), the receipt shown once after sending,
// and the status pages a source reaches with their receipt code. Never cached, never indexed.
import type { RefusedTipFile, SourceView, TipChallenge } from '../../modules/tips/index.ts';
import { TIP_FILE_MAX_BYTES, TIP_FILES_MAX, TIP_FILES_MAX_BYTES, TIP_LIMITS } from '../../modules/tips/index.ts';
import { CSRF_FIELD } from '../plugins/forms.ts';
import type { ViewContext } from './context.ts';
import { formatDateTime } from './format-time.ts';
import { Layout } from './layout.tsx';
import { Csrf } from './partials/form.tsx';

export interface TipFormValues {
  what: string;
  whereWhen: string;
  name: string;
  contact: string;
  consent: boolean;
}

export const EMPTY_TIP: TipFormValues = { what: '', whereWhen: '', name: '', contact: '', consent: false };
const ACCEPT = 'image/*,application/pdf,audio/*,video/*,text/plain,.txt';
const MB = 1024 * 1024;

function Problem(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <p class="form-error" id="form-error" role="alert">
      {props.text}
    </p>
  );
}

function RefusedFiles(props: { files: RefusedTipFile[] }) {
  if (props.files.length === 0) return null;
  return (
    <div class="form-error" role="alert">
      <p>{props.files.length === 1 ? 'One file was not kept:' : `${props.files.length} files were not kept:`}</p>
      <ul>
        {props.files.map((f, i) => (
          <li key={i}>{f.reason}.</li>
        ))}
      </ul>
    </div>
  );
}

/** What the newsroom does with a tip, said plainly before anyone sends one. */
function WhatHappens(props: { ctx: ViewContext; retentionDays: number }) {
  const site = props.ctx.settings.siteName;
  return (
    <section class="tip-promise" aria-labelledby="tip-promise-heading">
      <h2 id="tip-promise-heading">What happens to your tip</h2>
      <ul>
        <li>It goes to the {site} newsroom. Only our editors, and the reporters an editor gives it to, can open it, and every time someone does, that is recorded.</li>
        <li>What you write and the files you attach are stored encrypted. We never publish your name or how to reach you unless you tell us we may, and we never sell or share them.</li>
        <li>You can stay anonymous: leave your name and contact details empty. We do not keep your network address with the tip.</li>
        <li>After sending you get a receipt code. With it, and only with it, you can read our replies, add to your tip or delete it.</li>
        <li>When we have finished with a tip, it and its files are deleted after {props.retentionDays} days.</li>
      </ul>
      <p class="muted">If you are in danger, or something is happening now, call the emergency services first.</p>
    </section>
  );
}

function FileField(props: { id: string; label: string; hint: string }) {
  return (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name="file" type="file" multiple accept={ACCEPT} aria-describedby={`${props.id}-hint`} />
      <span class="field__hint" id={`${props.id}-hint`}>
        {props.hint}
      </span>
    </p>
  );
}

const FILE_HINT = `Up to ${TIP_FILES_MAX} files: pictures, PDFs, audio, video or plain text, ${TIP_FILE_MAX_BYTES / MB} MB each and ${TIP_FILES_MAX_BYTES / MB} MB together. Pictures reach us without their hidden details (camera, place, time) when we view them.`;

export function TipFormPage(props: { ctx: ViewContext; csrf: string; challenge: TipChallenge; values: TipFormValues; error: string | null; refused: RefusedTipFile[]; retentionDays: number; script: string }) {
  const v = props.values;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Share a story idea', description: `Tell the ${props.ctx.settings.siteName} newsroom what is happening. You can stay anonymous.`, robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="tip-heading">
        <h1 id="tip-heading">Share a story idea</h1>
        <p>Seen something we should report? Tell us what happened. Only the first box is needed; everything else helps.</p>
        <Problem text={props.error} />
        <RefusedFiles files={props.refused} />
        {props.refused.length > 0 || props.error ? <p class="muted">Files are not kept when a tip is not sent: choose them again.</p> : null}
        <form
          method="post"
          action={`/tips?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`}
          enctype="multipart/form-data"
          class="tip-form"
          data-tip-form=""
          data-challenge={JSON.stringify(props.challenge)}
        >
          <p class="field">
            <label for="tip-what">What happened? (needed)</label>
            <textarea id="tip-what" name="what" rows={8} required maxLength={TIP_LIMITS.what} aria-describedby={props.error ? 'form-error' : undefined}>
              {v.what}
            </textarea>
          </p>
          <p class="field">
            <label for="tip-where">Where and when</label>
            <input id="tip-where" name="whereWhen" type="text" maxLength={TIP_LIMITS.whereWhen} value={v.whereWhen} />
          </p>
          <FileField id="tip-files" label="Pictures, documents, audio or video (optional)" hint={FILE_HINT} />
          <ul class="tip-progress" data-tip-progress="" aria-live="polite"></ul>
          <fieldset class="tip-contact">
            <legend>About you (optional)</legend>
            <p class="field">
              <label for="tip-name">Your name</label>
              <input id="tip-name" name="name" type="text" autocomplete="name" maxLength={TIP_LIMITS.name} value={v.name} />
            </p>
            <p class="field">
              <label for="tip-contact">How to reach you</label>
              <input id="tip-contact" name="contact" type="text" maxLength={TIP_LIMITS.contact} value={v.contact} aria-describedby="tip-contact-hint" />
              <span class="field__hint" id="tip-contact-hint">
                An email address, a phone number or a messaging app, as you prefer. With an email address we let you know when we reply; the email never carries your tip.
              </span>
            </p>
            <p class="field check">
              <input id="tip-consent" name="consent" type="checkbox" value="1" checked={v.consent} />
              <label for="tip-consent">A journalist may contact me about this tip.</label>
            </p>
          </fieldset>
          {/* People never see this field; programs that fill in every field do. */}
          <p class="tip-form__trap" aria-hidden="true">
            <label for="tip-website">Leave this empty</label>
            <input id="tip-website" name="website" type="text" tabIndex={-1} autocomplete="off" value="" />
          </p>
          <input type="hidden" name="proof" value="" data-tip-proof="" />
          <p>
            <button type="submit">Send the tip</button>
          </p>
        </form>
        <WhatHappens ctx={props.ctx} retentionDays={props.retentionDays} />
        <p>
          Already sent a tip? <a href="/tips/status">Read replies or add to it with your receipt code</a>.
        </p>
      </section>
      <script src={props.script} defer />
    </Layout>
  );
}

export function ReceiptCode(props: { code: string }) {
  return (
    <p class="receipt-code">
      <code>{props.code}</code>
    </p>
  );
}

export function TipReceiptPage(props: { ctx: ViewContext; code: string; reference: string; kept: string[]; refused: RefusedTipFile[]; emailGiven: boolean }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your tip was sent', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="receipt-heading">
        <h1 id="receipt-heading">Thank you: your tip was sent</h1>
        <p role="status">
          The newsroom has your tip <strong>{props.reference}</strong>
          {props.kept.length > 0 ? ` with ${props.kept.length === 1 ? 'one file' : `${props.kept.length} files`}` : ''}.
        </p>
        <RefusedFiles files={props.refused} />
        <h2>Your receipt code</h2>
        <ReceiptCode code={props.code} />
        <p>
          Write these seven words down, or save them somewhere only you can see. They are the only way to read our replies, add to your tip, or delete it, at{' '}
          <a href="/tips/status">{props.ctx.publicUrl.replace(/^https?:\/\//, '')}/tips/status</a>. We do not keep the code, so we cannot send it again.
        </p>
        {props.emailGiven ? <p>We sent a short email to say the tip arrived; it does not contain the code or your tip.</p> : null}
        <p>
          <a href="/">Back to the news</a>
        </p>
      </section>
    </Layout>
  );
}

export function TipStatusEntryPage(props: { ctx: ViewContext; csrf: string; error: string | null }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your tip', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="status-heading">
        <h1 id="status-heading">Your tip</h1>
        <p>Enter the seven-word receipt code you were shown after sending your tip.</p>
        <Problem text={props.error} />
        <form method="post" action="/tips/status">
          <Csrf token={props.csrf} />
          <p class="field">
            <label for="tip-receipt">Receipt code</label>
            <input id="tip-receipt" name="receipt" type="text" autocomplete="off" autocapitalize="none" spellcheck={false} required maxLength={200} aria-describedby={props.error ? 'form-error' : undefined} />
          </p>
          <p>
            <button type="submit">Open my tip</button>
          </p>
        </form>
        <p>
          No code? <a href="/tips">Send a new tip</a>.
        </p>
      </section>
    </Layout>
  );
}

const STAGE_TEXT: Record<SourceView['stage'], string> = {
  received: 'Received: an editor will read it.',
  'in-progress': 'A journalist is looking into it.',
  closed: 'We have finished with this tip. Thank you.',
};

export function TipStatusPage(props: { ctx: ViewContext; csrf: string; receipt: string; view: SourceView; notice: string | null; error: string | null; refused: RefusedTipFile[]; script: string }) {
  const { view, ctx } = props;
  const tz = ctx.timeZone;
  return (
    <Layout ctx={ctx} head={{ title: `Your tip ${view.reference}`, robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="status-heading">
        <h1 id="status-heading">Your tip {view.reference}</h1>
        {props.notice ? (
          <p class="form-notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <Problem text={props.error} />
        <RefusedFiles files={props.refused} />
        <p>
          Sent <time datetime={view.sentAt}>{formatDateTime(view.sentAt, tz)}</time>
          {view.files.length > 0 ? ` with ${view.files.join(', ')}` : ''}. {STAGE_TEXT[view.stage]}
        </p>
        <h2>Messages</h2>
        {view.messages.length === 0 ? (
          <p>No messages yet. When the newsroom replies, the reply appears here.</p>
        ) : (
          <ol class="tip-thread">
            {view.messages.map((m, i) => (
              <li key={i} class={m.from === 'newsroom' ? 'tip-thread__newsroom' : 'tip-thread__you'}>
                <p class="tip-thread__meta">
                  <strong>{m.from === 'newsroom' ? 'The newsroom' : 'You'}</strong>, <time datetime={m.at}>{formatDateTime(m.at, tz)}</time>
                </p>
                <div class="tip-thread__text">{m.text}</div>
                {m.files.length > 0 ? <p class="muted">Files: {m.files.join(', ')}</p> : null}
              </li>
            ))}
          </ol>
        )}
        <h2>Add to your tip</h2>
        <form method="post" action={`/tips/status/add?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`} enctype="multipart/form-data" data-tip-form="">
          <input type="hidden" name="receipt" value={props.receipt} />
          <p class="field">
            <label for="tip-more">More information</label>
            <textarea id="tip-more" name="text" rows={5} maxLength={TIP_LIMITS.message}></textarea>
          </p>
          <FileField id="tip-more-files" label="More files (optional)" hint={FILE_HINT} />
          <ul class="tip-progress" data-tip-progress="" aria-live="polite"></ul>
          <p>
            <button type="submit">Add to my tip</button>
          </p>
        </form>
        <h2>Delete your tip</h2>
        <form method="post" action="/tips/status/delete" class="tip-delete">
          <Csrf token={props.csrf} />
          <input type="hidden" name="receipt" value={props.receipt} />
          <p class="field check">
            <input id="tip-delete-sure" name="sure" type="checkbox" value="1" required />
            <label for="tip-delete-sure">Delete my tip, its files and all messages, for good.</label>
          </p>
          <p>
            <button type="submit" class="button-danger">
              Delete my tip
            </button>
          </p>
        </form>
      </section>
      <script src={props.script} defer />
    </Layout>
  );
}

export function TipDeletedPage(props: { ctx: ViewContext }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your tip was deleted', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="deleted-heading">
        <h1 id="deleted-heading">Your tip was deleted</h1>
        <p role="status">Your tip, its files and its messages are gone from our system. The receipt code no longer opens anything.</p>
        <p>
          <a href="/">Back to the news</a>
        </p>
      </section>
    </Layout>
  );
}
