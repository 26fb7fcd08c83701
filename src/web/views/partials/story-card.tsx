import type { StoryCard } from '../../../modules/stories/index.ts';
import { formatShortDate } from '../format-time.ts';
import { storyPath } from '../urls.ts';
import { TopicKicker } from './kicker.tsx';
import { Picture } from './picture.tsx';

export function StoryCardItem(props: { story: StoryCard; timeZone: string; showImage?: boolean; headingLevel?: 2 | 3 }) {
  const { story } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {props.showImage && story.hero ? (
        <a class="card__image" href={storyPath(story.slug)} tabIndex={-1} aria-hidden="true">
          <Picture media={story.hero} sizes="(min-width: 760px) 240px, 100vw" fallbackWidth={640} />
        </a>
      ) : null}
      <div class="card__text">
        <TopicKicker topic={story.primaryTopic} />
        <Heading class="card__headline">
          <a href={storyPath(story.slug)}>{story.headline}</a>
        </Heading>
        {story.standfirst ? <p class="card__standfirst">{story.standfirst}</p> : null}
        <p class="card__meta">
          <time datetime={story.updatedAt ?? story.publishedAt}>{formatShortDate(story.updatedAt ?? story.publishedAt, props.timeZone)}</time>
          {story.updatedAt ? ' (updated)' : null}
          {story.sourceName ? <span class="card__source"> · {story.sourceName}</span> : null}
        </p>
      </div>
    </article>
  );
}

export function StoryList(props: { stories: StoryCard[]; timeZone: string; showImages?: boolean; headingLevel?: 2 | 3 }) {
  return (
    <ul class="story-list">
      {props.stories.map((story) => (
        <li key={story.id}>
          <StoryCardItem story={story} timeZone={props.timeZone} showImage={props.showImages} headingLevel={props.headingLevel} />
        </li>
      ))}
    </ul>
  );
}
