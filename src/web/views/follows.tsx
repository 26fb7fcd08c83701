// Following: the page a Follow button leads to without JavaScript, the account's follows with
// the alert choice per follow, the Following page, and the newsletter's sign-up, confirmation,
// preferences and unsubscribe pages. Plain forms, never cached.
import type { Cadence, Follow, FollowTarget, ReaderFollows, SubscriberPreferences } from '../../modules/follows/index.ts';
import type { Topic } from '../../modules/topics/index.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';
import { Csrf, PostButton } from './partials/form.tsx';
import { StoryList } from './partials/story-card.tsx';
import { Pager } from './pages.tsx';
import { authorPath, topicPath } from './urls.ts';

export const CADENCE_LABELS: Record<Cadence, string> = {
  instant: 'Breaking news alerts',
  daily: 'Daily digest',
  weekly: 'Weekly digest',
  none: 'No email (Following page only)',
};
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

function Message(props: { kind: 'error' | 'notice'; text: string | null }) {
  if (!props.text) return null;
  return props.kind === 'error' ? (
    <p class="form-error" id="form-error" role="alert">
      {props.text}
    </p>
  ) : (
    <p class="form-notice" role="status">
      {props.text}
    </p>
  );
}

function CadenceSelect(props: { id: string; name: string; value: Cadence; label: string; allowNone?: boolean; hideLabel?: boolean }) {
  return (
    <>
      <label for={props.id} class={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <select id={props.id} name={props.name}>
        {(Object.keys(CADENCE_LABELS) as Cadence[])
          .filter((c) => props.allowNone !== false || c !== 'none')
          .map((c) => (
            <option key={c} value={c} selected={c === props.value}>
              {CADENCE_LABELS[c]}
            </option>
          ))}
      </select>
    </>
  );
}

/** When digests come, and the one switch for all of this email. */
function DigestChoices(props: { digestHour: number; weeklyDay: number; emailOn: boolean }) {
  return (
    <div class="choice-row">
      <p>
        <label for="digest-hour">Daily digest at</label>
        <select id="digest-hour" name="digestHour">
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={String(h)} selected={h === props.digestHour}>
              {hourLabel(h)}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label for="weekly-day">Weekly digest on</label>
        <select id="weekly-day" name="weeklyDay">
          {DAYS.map((d, i) => (
            <option key={d} value={String(i)} selected={i === props.weeklyDay}>
              {d}
            </option>
          ))}
        </select>
      </p>
      <p>
        <input type="checkbox" id="email-on" name="emailOn" value="1" checked={props.emailOn} /> <label for="email-on">Send me these emails</label>
      </p>
    </div>
  );
}

const targetPath = (kind: FollowTarget, slug: string) => (kind === 'topic' ? topicPath(slug) : authorPath(slug));

/** Where a Follow button leads with JavaScript off: sign in, or follow with a choice of alerts. */
export function FollowPage(props: { ctx: ViewContext; csrf: string | null; kind: FollowTarget; slug: string; name: string; cadence: Cadence | null; notice?: string | null; error?: string | null }) {
  const { kind, slug, name } = props;
  const back = targetPath(kind, slug);
  const here = `/follow?${kind}=${encodeURIComponent(slug)}`;
  return (
    <Layout ctx={props.ctx} head={{ title: `Follow ${name}`, robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="follow-heading">
        <h1 id="follow-heading">{props.cadence ? `You follow ${name}` : `Follow ${name}`}</h1>
        <Message kind="notice" text={props.notice ?? null} />
        <Message kind="error" text={props.error ?? null} />
        {props.csrf === null ? (
          <>
            <p>Sign in to follow {name}: its stories gather on your Following page, and you choose which reach you by email.</p>
            <p>
              <a class="button" href={`/account/sign-in?next=${encodeURIComponent(here)}`}>
                Sign in
              </a>{' '}
              or <a href={`/account/sign-up`}>create an account</a>.
            </p>
            {kind === 'topic' ? (
              <p>
                No account? <a href={`/newsletter?topic=${encodeURIComponent(slug)}`}>Get {name} by email</a> instead.
              </p>
            ) : null}
          </>
        ) : (
          <>
            <form method="post" action="/follow" class="stacked-form">
              <Csrf token={props.csrf} />
              <input type="hidden" name="target" value={`${kind}:${slug}`} />
              <input type="hidden" name="action" value="follow" />
              <p class="field">
                <CadenceSelect id="follow-cadence" name="cadence" value={props.cadence ?? 'instant'} label="What reaches you by email" />
              </p>
              <button type="submit">{props.cadence ? 'Save' : `Follow ${name}`}</button>
            </form>
            {props.cadence ? (
              <form method="post" action="/follow" class="stacked-form">
                <Csrf token={props.csrf} />
                <input type="hidden" name="target" value={`${kind}:${slug}`} />
                <input type="hidden" name="action" value="unfollow" />
                <button type="submit" class="button-secondary">
                  Unfollow {name}
                </button>
              </form>
            ) : null}
            <p>
              <a href="/account/follows">Everything you follow</a> · <a href="/following">Your Following page</a>
            </p>
          </>
        )}
        <p>
          <a href={back}>← Back to {name}</a>
        </p>
      </section>
    </Layout>
  );
}

function FollowRow(props: { follow: Follow; csrf: string }) {
  const { follow } = props;
  const key = `${follow.kind}:${follow.slug}`;
  return (
    <tr>
      <td>
        <a href={targetPath(follow.kind, follow.slug)}>{follow.name}</a> <span class="muted">({follow.kind})</span>
      </td>
      <td>
        <CadenceSelect id={`cadence-${key}`} name={`cadence:${key}`} value={follow.cadence} label={`Email for ${follow.name}`} hideLabel />
      </td>
    </tr>
  );
}

/** The account's follows: each with its alert choice, the digest's hour and day, email on or off. */
export function AccountFollowsPage(props: { ctx: ViewContext; csrf: string; state: ReaderFollows; verified: boolean; notice: string | null; error: string | null }) {
  const { state } = props;
  return (
    <Layout ctx={props.ctx} head={{ title: 'What you follow', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="follows-heading">
        <p class="back-link">
          <a href="/account">← Your account</a>
        </p>
        <h1 id="follows-heading">What you follow</h1>
        <Message kind="notice" text={props.notice} />
        <Message kind="error" text={props.error} />
        {!props.verified ? <p class="form-warning">Confirm your email address (see your account page) to get alerts and digests.</p> : null}
        {state.follows.length === 0 ? (
          <p>You do not follow anything yet. Use the Follow button on a topic, an author or a story.</p>
        ) : (
          <form method="post" action="/account/follows">
            <Csrf token={props.csrf} />
            <table class="follows-table">
              <caption class="visually-hidden">Your follows and what each sends you</caption>
              <thead>
                <tr>
                  <th scope="col">Following</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {state.follows.map((f) => (
                  <FollowRow key={`${f.kind}:${f.id}`} follow={f} csrf={props.csrf} />
                ))}
              </tbody>
            </table>
            <DigestChoices digestHour={state.digestHour} weeklyDay={state.weeklyDay} emailOn={state.emailOn} />
            <p class="muted">Times are the newsroom’s ({props.ctx.timeZone}).</p>
            <button type="submit">Save</button>
          </form>
        )}
        {state.follows.length > 0 ? (
          <>
            <h2>Unfollow</h2>
            <ul class="plain-list">
              {state.follows.map((f) => (
                <li key={`u-${f.kind}:${f.id}`}>
                  <form method="post" action="/follow" class="inline-form">
                    <Csrf token={props.csrf} />
                    <input type="hidden" name="target" value={`${f.kind}:${f.slug}`} />
                    <input type="hidden" name="action" value="unfollow" />
                    <input type="hidden" name="next" value="/account/follows" />
                    <button type="submit" class="button-secondary">
                      Unfollow {f.name}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a href="/following">Your Following page</a>: the latest stories from everything you follow.
        </p>
      </section>
    </Layout>
  );
}

export function FollowingPage(props: { ctx: ViewContext; cards: string[]; next: string | null; paged: boolean; following: number }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Following', robots: 'noindex' }}>
      <header class="page-header">
        <h1>Following</h1>
        <p class="page-header__text">
          The latest stories from the {props.following === 1 ? 'topic or author' : `${props.following} topics and authors`} you follow. <a href="/account/follows">Change what you follow</a>.
        </p>
      </header>
      {props.following === 0 ? (
        <p>You do not follow anything yet. Use the Follow button on a topic, an author or a story.</p>
      ) : props.cards.length > 0 ? (
        <StoryList cards={props.cards} />
      ) : (
        <p>Nothing new from what you follow yet.</p>
      )}
      <Pager basePath="/following" next={props.next} paged={props.paged} />
    </Layout>
  );
}

function TopicChoices(props: { topics: Topic[]; chosen: Set<string>; legend: string }) {
  return (
    <fieldset class="newsletter-topics">
      <legend>{props.legend}</legend>
      {props.topics.map((t) => (
        <p key={t.id}>
          <input type="checkbox" id={`topic-${t.slug}`} name="topic" value={t.slug} checked={props.chosen.has(t.slug)} /> <label for={`topic-${t.slug}`}>{t.name}</label>
        </p>
      ))}
    </fieldset>
  );
}

/** Email alerts without an account: an address and topics, confirmed by a link. */
export function NewsletterPage(props: { ctx: ViewContext; csrf: string; topics: Topic[]; chosen: Set<string>; email?: string; cadence?: Cadence; error: string | null; sent: boolean }) {
  const site = props.ctx.settings.siteName;
  return (
    <Layout ctx={props.ctx} head={{ title: `${site} by email`, description: `Breaking news alerts and digests from ${site}, by email.` }}>
      <section class="narrow-page" aria-labelledby="newsletter-heading">
        <h1 id="newsletter-heading">{props.sent ? 'Check your email' : `${site} by email`}</h1>
        {props.sent ? (
          <p role="status">We sent a link to confirm. Nothing else is sent until you open it; it works for 7 days.</p>
        ) : (
          <form method="post" action="/newsletter">
            <Csrf token={props.csrf} />
            <Message kind="error" text={props.error} />
            <p class="field">
              <label for="newsletter-email">Email address</label>
              <input id="newsletter-email" name="email" type="email" autocomplete="email" required value={props.email ?? ''} />
            </p>
            <TopicChoices topics={props.topics} chosen={props.chosen} legend="Topics" />
            <p class="field">
              <CadenceSelect id="newsletter-cadence" name="cadence" value={props.cadence ?? 'daily'} label="How often" allowNone={false} />
            </p>
            <p class="muted">We use your address only to send what you choose here. Every email has a one-click unsubscribe link.</p>
            <button type="submit">Sign up</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

export function NewsletterMessagePage(props: { ctx: ViewContext; title: string; message: string; ok: boolean; links?: { href: string; label: string }[] }) {
  return (
    <Layout ctx={props.ctx} head={{ title: props.title, robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="message-heading">
        <h1 id="message-heading">{props.title}</h1>
        <p role={props.ok ? 'status' : 'alert'} class={props.ok ? undefined : 'form-error'}>
          {props.message}
        </p>
        {(props.links ?? []).map((l) => (
          <p key={l.href}>
            <a href={l.href}>{l.label}</a>
          </p>
        ))}
      </section>
    </Layout>
  );
}

/** Reached from any list email by its signed link: no sign-in. */
export function PreferencesPage(props: { ctx: ViewContext; csrf: string; token: string; prefs: SubscriberPreferences; topics: Topic[]; notice: string | null; error: string | null }) {
  const { prefs, token } = props;
  const cadenceOf = new Map(prefs.follows.filter((f) => f.kind === 'topic').map((f) => [f.id, f.cadence]));
  const authors = prefs.follows.filter((f) => f.kind === 'author');
  const action = (path: string) => `${path}?t=${encodeURIComponent(token)}`;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Your email preferences', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="prefs-heading">
        <h1 id="prefs-heading">Your email preferences</h1>
        <p>
          For <strong>{prefs.email}</strong>
          {prefs.status === 'unsubscribed' ? ': unsubscribed, nothing is sent.' : prefs.status === 'pending' ? ': not confirmed yet.' : '.'}
        </p>
        <Message kind="notice" text={props.notice} />
        <Message kind="error" text={props.error} />
        <form method="post" action={action('/newsletter/preferences')}>
          <Csrf token={props.csrf} />
          <table class="follows-table">
            <caption class="visually-hidden">Topics and what each sends you</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {props.topics.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <label for={`pref-${t.slug}`} class="visually-hidden">
                      Email for {t.name}
                    </label>
                    <select id={`pref-${t.slug}`} name={`topic:${t.slug}`}>
                      <option value="off" selected={!cadenceOf.has(t.id)}>
                        Not following
                      </option>
                      {(Object.keys(CADENCE_LABELS) as Cadence[]).map((c) => (
                        <option key={c} value={c} selected={cadenceOf.get(t.id) === c}>
                          {CADENCE_LABELS[c]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {authors.length > 0 ? <p class="muted">You also follow {authors.map((a) => a.name).join(', ')}; change those on your account page.</p> : null}
          <DigestChoices digestHour={prefs.digestHour} weeklyDay={prefs.weeklyDay} emailOn={prefs.status !== 'unsubscribed'} />
          <button type="submit">Save preferences</button>
        </form>
        <h2>Your data</h2>
        <p>
          <a href={action('/newsletter/preferences/export')}>Download everything we keep about this address</a> (JSON).
        </p>
        {prefs.account ? (
          <p>This address belongs to an account; to remove it, delete the account from your account page.</p>
        ) : (
          <PostButton action={action('/newsletter/preferences/delete')} csrf={props.csrf} label="Delete my address and everything kept with it" buttonClass="button-danger" />
        )}
      </section>
    </Layout>
  );
}

/** The page an unsubscribe link opens: one button (mail scanners open links; only the POST unsubscribes). */
export function UnsubscribePage(props: { ctx: ViewContext; csrf: string; token: string; email: string; done: boolean }) {
  const action = `/newsletter/unsubscribe?t=${encodeURIComponent(props.token)}`;
  return (
    <Layout ctx={props.ctx} head={{ title: 'Unsubscribe', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="unsub-heading">
        <h1 id="unsub-heading">{props.done ? 'You are unsubscribed' : 'Unsubscribe'}</h1>
        {props.done ? (
          <p role="status">{props.email} gets no more alerts or digests from {props.ctx.settings.siteName}.</p>
        ) : (
          <>
            <p>Stop every alert and digest to {props.email}?</p>
            <PostButton action={action} csrf={props.csrf} label="Unsubscribe" />
          </>
        )}
        <p>
          <a href={`/newsletter/preferences?t=${encodeURIComponent(props.token)}`}>Your email preferences</a>
        </p>
      </section>
    </Layout>
  );
}

export function ConfirmNewsletterPage(props: { ctx: ViewContext; csrf: string; token: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Confirm your email alerts', robots: 'noindex' }}>
      <section class="narrow-page" aria-labelledby="confirm-heading">
        <h1 id="confirm-heading">Confirm your email alerts</h1>
        <p>One more step: press the button to start getting the emails you chose.</p>
        <form method="post" action="/newsletter/confirm">
          <Csrf token={props.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <button type="submit">Confirm</button>
        </form>
      </section>
    </Layout>
  );
}
