// The desk's newsletter page: who is subscribed, who follows each topic and how, the week's
// sends and failures, the latest breaking alerts, and the next digests as readers will get them.
import type { Role } from '../../../modules/accounts/index.ts';
import type { NewsletterOverview } from '../../../modules/follows/index.ts';
import type { RenderedEmail } from '../../../modules/notify/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { storyPath, topicPath } from '../urls.ts';
import { DeskLayout } from './shell.tsx';

function Preview(props: { period: 'daily' | 'weekly'; title: string; email: RenderedEmail | null }) {
  return (
    <section aria-labelledby={`preview-${props.period}`}>
      <h3 id={`preview-${props.period}`}>{props.title}</h3>
      {props.email ? (
        <>
          <p>
            <strong>Subject:</strong> {props.email.subject} · <a href={`/desk/newsletters/preview/${props.period}`}>See it as HTML</a>
          </p>
          <pre class="email-preview">{props.email.text}</pre>
        </>
      ) : (
        <p>Nothing new for this digest yet: no topic followed with it has a story in its period.</p>
      )}
    </section>
  );
}

export function NewslettersPage(props: { ctx: ViewContext; role: Role; overview: NewsletterOverview; preview: { daily: RenderedEmail | null; weekly: RenderedEmail | null } }) {
  const { overview } = props;
  const tz = props.ctx.timeZone;
  const s = overview.subscribers;
  return (
    <DeskLayout ctx={props.ctx} title="Newsletters and alerts" current="/desk/newsletters" role={props.role}>
      <p>
        {s.active} active subscribers · {s.pending} waiting to confirm · {s.unsubscribed} unsubscribed · {s.bounced} addresses refused by their mail server
      </p>
      <h2>Followers per topic</h2>
      {overview.topics.length === 0 ? (
        <p>Nobody follows a topic yet.</p>
      ) : (
        <table class="log-table">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Breaking alerts</th>
              <th scope="col">Daily</th>
              <th scope="col">Weekly</th>
              <th scope="col">No email</th>
            </tr>
          </thead>
          <tbody>
            {overview.topics.map((t) => (
              <tr key={t.id}>
                <td>
                  <a href={topicPath(t.slug)}>{t.name}</a>
                </td>
                <td>{t.instant}</td>
                <td>{t.daily}</td>
                <td>{t.weekly}</td>
                <td>{t.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Latest breaking alerts</h2>
      {overview.alerts.length === 0 ? (
        <p>No breaking story has alerted its followers yet.</p>
      ) : (
        <table class="log-table">
          <thead>
            <tr>
              <th scope="col">Story</th>
              <th scope="col">Round</th>
              <th scope="col">Queued</th>
              <th scope="col">Recipients</th>
            </tr>
          </thead>
          <tbody>
            {overview.alerts.map((a) => (
              <tr key={`${a.storyId}:${a.round}`}>
                <td>
                  <a href={storyPath(a.slug)}>{a.headline}</a>
                </td>
                <td>{a.round === 0 ? 'First publication' : `Major update ${a.round}`}</td>
                <td>{a.queuedAt ? formatDateTime(a.queuedAt, tz) : 'Waiting'}</td>
                <td>{a.recipients ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Email in the last 7 days</h2>
      {overview.sends.length === 0 ? (
        <p>No email was queued in the last 7 days.</p>
      ) : (
        <table class="log-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {overview.sends.map((r) => (
              <tr key={`${r.template}:${r.status}`}>
                <td>{r.template}</td>
                <td>{r.status}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Latest failures</h2>
      {overview.failures.length === 0 ? (
        <p>No message has failed.</p>
      ) : (
        <ul>
          {overview.failures.map((f, i) => (
            <li key={i}>
              {formatDateTime(f.at, tz)} · {f.template} to {f.to}: {f.error}
            </li>
          ))}
        </ul>
      )}
      <h2>The next digests</h2>
      <Preview period="daily" title="Daily digest" email={props.preview.daily} />
      <Preview period="weekly" title="Weekly digest" email={props.preview.weekly} />
    </DeskLayout>
  );
}
