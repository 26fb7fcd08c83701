// Wire sources for admins: every source with how its feed last answered, and one source's
// settings with the log of what became of each item it sent.
import { SOURCE_CHOICES, type Source, type SourceField, type SourceForm, type SourceLogEntry, type SourceStatus } from '../../../modules/ingest/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Csrf, PostButton } from '../partials/form.tsx';
import { FieldList, FormErrorBanner, Select, type FieldSpec } from './fields.tsx';
import { DeskLayout, Flash } from './shell.tsx';

const LABELS: Record<string, string> = {
  wire: 'Wire agency',
  newsroom: 'The station’s own newsroom',
  original: 'Point search engines at the original',
  self: 'This site is the original',
  noindex: 'Keep its stories out of search engines',
  auto: 'Detect from the content (ninjs, NewsML-G2, RSS, Atom, JSON Feed, HTML)',
  ninjs: 'ninjs only',
  manual: 'Loaded by hand (masthead ingest)',
  http: 'Polled feed URL',
  folder: 'Drop folder on the server',
  push: 'Pushed to this site (POST /ingest/<address>)',
  publish: 'Publish new stories at once',
  hold: 'Hold new stories for the desk',
};

function Choice(props: { name: keyof typeof SOURCE_CHOICES; label: string; value: string; invalid: boolean }) {
  const id = `source-${props.name}`;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <Select id={id} name={props.name} options={SOURCE_CHOICES[props.name].map((v) => [v, LABELS[v] ?? v] as const)} value={props.value} describedBy={props.invalid ? 'form-error' : undefined} invalid={props.invalid} />
    </p>
  );
}

type TextFields = Pick<SourceForm, 'slug' | 'name' | 'shortName' | 'rights' | 'location' | 'pollSeconds' | 'authHeader' | 'defaultTopic' | 'rules'>;
const NAMES: FieldSpec<keyof TextFields>[] = [
  { key: 'name', label: 'Name', hint: 'As readers see it, e.g. CNN Newsource.', required: true },
  { key: 'shortName', label: 'Short name', hint: 'In datelines and photo credits, e.g. CNN.', required: true },
  { key: 'rights', label: 'Rights line', hint: 'Under each of its stories, e.g. © 2026 Cable News Network.' },
];
const FEED: FieldSpec<keyof TextFields>[] = [
  { key: 'location', label: 'Feed URL or folder', hint: 'The http(s) address polled, or the folder watched; empty for the other ways.' },
  { key: 'pollSeconds', label: 'Poll every (seconds)', hint: 'At least 10; 300 is five minutes.' },
  { key: 'authHeader', label: 'Authorization header', hint: 'Sent when polling, e.g. Bearer abc123. Leave empty for none.' },
];
const TOPICS: FieldSpec<keyof TextFields>[] = [
  { key: 'rules', label: 'Topic rules', hint: 'One a line: Subject = Topic, e.g. World = CNN - World. Without rules, wire subjects become topics.', long: true },
  { key: 'defaultTopic', label: 'Default topic', hint: 'For items no rule matches (News when empty).' },
];

export function SourcesPage(props: { ctx: ViewContext; sources: Source[]; status: Map<string, SourceStatus> }) {
  const tz = props.ctx.timeZone;
  return (
    <DeskLayout ctx={props.ctx} title="Wire sources" current="/desk/sources" role="admin">
      <p>
        <a href="/desk/sources/new">Add a source</a>
      </p>
      {props.sources.length === 0 ? (
        <p>No sources yet.</p>
      ) : (
        <table class="log-table">
          <caption class="visually-hidden">Wire sources</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Arrives</th>
              <th scope="col">New stories</th>
              <th scope="col">Last poll</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((s) => {
              const st = props.status.get(s.slug);
              return (
                <tr key={s.id}>
                  <td>
                    <a href={`/desk/sources/${s.slug}`}>{s.name}</a> ({s.shortName})
                  </td>
                  <td>
                    {LABELS[s.transport]}
                    {s.location ? <br /> : null}
                    {s.location ? <code>{s.location}</code> : null}
                  </td>
                  <td>{s.publishPolicy === 'hold' ? 'Held for the desk' : 'Published at once'}</td>
                  <td>
                    {st?.lastPolledAt ? (
                      <>
                        <time datetime={st.lastPolledAt}>{formatDateTime(st.lastPolledAt, tz)}</time>: {st.lastStatus}
                        {st.failures > 0 ? <strong> ({st.failures} failure{st.failures === 1 ? '' : 's'} in a row)</strong> : null}
                      </>
                    ) : s.transport === 'http' ? (
                      'Not polled yet'
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {st?.payloads ?? 0} payload{st?.payloads === 1 ? '' : 's'}
                    {st?.lastReceivedAt ? (
                      <>
                        , last <time datetime={st.lastReceivedAt}>{formatDateTime(st.lastReceivedAt, tz)}</time>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </DeskLayout>
  );
}

export function SourcePage(props: {
  ctx: ViewContext;
  csrf: string;
  isNew: boolean;
  values: SourceForm;
  source: Source | null;
  status: SourceStatus | null;
  log: SourceLogEntry[];
  pushSecret: string | null;
  flash: string | null;
  error: { field: SourceField | null; message: string } | null;
}) {
  const { values, error, source } = props;
  const tz = props.ctx.timeZone;
  const invalid = error?.field ?? null;
  const text = (specs: FieldSpec<keyof TextFields>[]) => <FieldList prefix="source" fields={specs} values={values} invalid={invalid as keyof TextFields | null} rows={5} />;
  return (
    <DeskLayout ctx={props.ctx} title={props.isNew ? 'Add a source' : `Source: ${source?.name ?? values.name}`} current="/desk/sources" role="admin">
      <Flash message={props.flash} />
      <FormErrorBanner message={error?.message} />
      {props.pushSecret ? (
        <section class="wire-update" aria-labelledby="secret-heading">
          <h2 id="secret-heading">The push secret, shown this once</h2>
          <p>
            Give it to the agency: it sends <code>Authorization: Bearer &lt;secret&gt;</code> with each <code>POST /ingest/{source?.slug}</code>. Only its hash is kept, so a lost secret is replaced, not
            recovered.
          </p>
          <p>
            <code class="secret">{props.pushSecret}</code>
          </p>
        </section>
      ) : null}
      <form method="post" action={props.isNew ? '/desk/sources' : `/desk/sources/${source?.slug}`} class="story-form">
        <Csrf token={props.csrf} />
        {props.isNew ? (
          <FieldList prefix="source" fields={[{ key: 'slug', label: 'Address', hint: 'Lower-case words joined by hyphens, e.g. cnn-newsource; it names the push URL.', required: true }]} values={values} invalid={invalid as 'slug' | null} />
        ) : (
          <input type="hidden" name="slug" value={values.slug} />
        )}
        {text(NAMES)}
        <Choice name="kind" label="Kind" value={values.kind} invalid={invalid === 'kind'} />
        <Choice name="canonical" label="Search engines" value={values.canonical} invalid={invalid === 'canonical'} />
        <Choice name="publish" label="New stories" value={values.publish} invalid={invalid === 'publish'} />
        <Choice name="transport" label="How its copy arrives" value={values.transport} invalid={invalid === 'transport'} />
        <Choice name="format" label="Format" value={values.format} invalid={invalid === 'format'} />
        {text(FEED)}
        <p class="field check">
          <input id="source-allowLocal" name="allowLocal" type="checkbox" value="1" checked={values.allowLocal} />
          <label for="source-allowLocal">It is on the station’s own network (allow private addresses for its feed and pictures)</label>
        </p>
        {text(TOPICS)}
        {props.isNew ? (
          <p class="field check">
            <input id="source-newSecret" name="newSecret" type="checkbox" value="1" />
            <label for="source-newSecret">Let it push copy to this site (makes a secret, shown once)</label>
          </p>
        ) : null}
        <p>
          <button type="submit">{props.isNew ? 'Add the source' : 'Save the source'}</button>
        </p>
      </form>
      {source ? (
        <>
          <h2>Pushing</h2>
          <p>{source.pushSecretSha256 ? `It may push to POST /ingest/${source.slug} with its secret.` : 'It cannot push: it has no secret.'}</p>
          <PostButton action={`/desk/sources/${source.slug}/push-secret`} csrf={props.csrf} label={source.pushSecretSha256 ? 'Replace the push secret' : 'Make a push secret'} buttonClass="button-secondary" />
          <h2>Feed</h2>
          <p>
            {props.status?.lastPolledAt ? (
              <>
                Last polled <time datetime={props.status.lastPolledAt}>{formatDateTime(props.status.lastPolledAt, tz)}</time>: {props.status.lastStatus}
                {props.status.failures > 0 ? ` (${props.status.failures} failures in a row; it waits longer after each)` : ''}.
              </>
            ) : (
              'Not polled (only http feeds are).'
            )}
          </p>
          <h2>Ingest log</h2>
          {props.log.length === 0 ? (
            <p>Nothing received yet.</p>
          ) : (
            <table class="log-table">
              <caption class="visually-hidden">The latest items from {source.name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Item</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {props.log.map((e, i) => (
                  <tr key={i}>
                    <td>
                      <time datetime={e.receivedAt}>{formatDateTime(e.receivedAt, tz)}</time> ({e.transport})
                    </td>
                    <td>
                      {e.storyId && e.headline ? <a href={`/desk/stories/${e.storyId}`}>{e.headline}</a> : (e.guid ?? (e.payloadRefused ? 'the whole payload' : '—'))}
                      {e.version !== null ? ` (v${e.version})` : ''}
                    </td>
                    <td>{e.outcome}</td>
                    <td>
                      {e.reason ?? ''}
                      {e.warnings.map((w) => (
                        <span class="log-warning" key={w}>
                          {e.reason ? ' ' : ''}Warning: {w}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </DeskLayout>
  );
}
