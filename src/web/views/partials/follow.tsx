// The Follow button of a topic or an author. On a cached page it is the same for everyone: a
// GET form to /follow, where a reader signs in or confirms; assets/follow.js makes it follow in
// place and shows whether the reader already does.
import type { FollowTarget } from '../../../modules/follows/index.ts';

export function FollowButton(props: { kind: FollowTarget; slug: string; name: string }) {
  return (
    <form class="follow-form" method="get" action="/follow" data-follow={`${props.kind}:${props.slug}`}>
      <input type="hidden" name={props.kind} value={props.slug} />
      <button type="submit" class="follow-button">
        <span data-follow-label>Follow</span>
        <span class="visually-hidden"> {props.name}</span>
      </button>
    </form>
  );
}
