import type { StoryCard } from '../../../modules/stories/index.ts';
import { formatShortDate } from '../format-time.ts';
import { storyPath } from '../urls.ts';
import { TopicKicker } from './kicker.tsx';
import { Picture } from './picture.tsx';

/** A card's picture, linked to the story (hidden from screen readers: the headline link says it). */
export function CardPicture(props: { story: StoryCard; sizes: string }) {
  const { story } = props;
  if (!story.hero) return null;
  return (
    <a class="card__image" href={storyPath(story.slug)} tabIndex={-1} aria-hidden="true">
      <Picture media={story.hero} sizes={props.sizes} fallbackWidth={640} />
    </a>
  );
}

/** A card's date line: when it was published or updated, and the wire it came from. */
export function CardMeta(props: { story: StoryCard; timeZone: string }) {
  const { story } = props;
  return (
    <p class="card__meta">
      <time datetime={story.updatedAt ?? story.publishedAt}>{formatShortDate(story.updatedAt ?? story.publishedAt, props.timeZone)}</time>
      {story.updatedAt ? ' (updated)' : null}
      {story.sourceName ? <span class="card__source"> · {story.sourceName}</span> : null}
    </p>
  );
}

export function StoryCardItem(props: { story: StoryCard; timeZone: string; showImage?: boolean; headingLevel?: 2 | 3 }) {
  const { story } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {props.showImage ? <CardPicture story={story} sizes="(min-width: 760px) 240px, 100vw" /> : null}
      <div class="card__text">
        <TopicKicker topic={story.primaryTopic} />
        <Heading class="card__headline">
          <a href={storyPath(story.slug)}>{story.headline}</a>
        </Heading>
        {story.standfirst ? <p class="card__standfirst">{story.standfirst}</p> : null}
        <CardMeta story={story} timeZone={props.timeZone} />
      </div>
    </article>
  );
}

/** The home page's lead: the newest story with a picture, large. */
export function LeadStory(props: { story: StoryCard; timeZone: string }) {
  const lead = props.story;
  return (
    <section class="lead" aria-labelledby="lead-headline">
      {lead.hero ? (
        <a class="lead__image" href={storyPath(lead.slug)} tabIndex={-1} aria-hidden="true">
          <Picture media={lead.hero} sizes="(min-width: 1000px) 620px, 100vw" eager fallbackWidth={960} />
        </a>
      ) : null}
      <div class="lead__text">
        <TopicKicker topic={lead.primaryTopic} />
        <h2 id="lead-headline" class="lead__headline">
          <a href={storyPath(lead.slug)}>{lead.headline}</a>
        </h2>
        {lead.standfirst ? <p class="lead__standfirst">{lead.standfirst}</p> : null}
        <p class="card__meta">
          <time datetime={lead.publishedAt}>{formatShortDate(lead.publishedAt, props.timeZone)}</time>
        </p>
      </div>
    </section>
  );
}

/** A list of cards already rendered (web/story-cards keeps each card's HTML). */
export function StoryList(props: { cards: string[] }) {
  return (
    <ul class="story-list">
      {props.cards.map((html, i) => (
        <li key={i} dangerouslySetInnerHTML={{ __html: html }} />
      ))}
    </ul>
  );
}
