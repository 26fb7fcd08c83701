import { topicPath } from '../urls.ts';

/** The small topic label above a headline, linking to the topic page. */
export function TopicKicker(props: { topic: { name: string; slug: string } | null }) {
  if (!props.topic) return null;
  return (
    <p class="kicker">
      <a href={topicPath(props.topic.slug)}>{props.topic.name}</a>
    </p>
  );
}
