// The moderation log, newest first, a page at a time.
import type { Role } from '../../../modules/accounts/index.ts';
import type { LogEntry } from '../../../modules/moderation/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { DeskLayout } from './shell.tsx';

export function LogTable(props: { entries: LogEntry[]; tz: string }) {
  if (props.entries.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <table class="log-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr key={e.id}>
            <td>
              <time datetime={e.at}>{formatDateTime(e.at, props.tz)}</time>
            </td>
            <td>{e.actorName}</td>
            <td>{e.action}</td>
            <td>
              {e.targetType === 'comment' ? (
                <a href={`/desk/comments/${e.targetId}`}>comment</a>
              ) : e.targetType === 'user' ? (
                <a href={`/desk/users/${e.targetId}`}>user</a>
              ) : (
                e.targetType
              )}
            </td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LogPage(props: { ctx: ViewContext; role: Role; entries: LogEntry[]; next: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Moderation log" current="/desk/moderation/log" role={props.role}>
      <p>Every moderation decision, by people and by the automatic rules. Entries can be added, never changed or removed.</p>
      <LogTable entries={props.entries} tz={props.ctx.timeZone} />
      {props.next ? (
        <p class="pager">
          <a href={`/desk/moderation/log?before=${encodeURIComponent(props.next)}`} rel="next">
            Older entries
          </a>
        </p>
      ) : null}
    </DeskLayout>
  );
}
