import type { StoryAuthorView } from '../../../modules/stories/index.ts';
import { groupByline } from '../../../modules/text/index.ts';
import { authorPath } from '../urls.ts';

/** "By A, B and C, CNN" with each author linking to their page. */
export function Byline(props: { authors: StoryAuthorView[] }) {
  const groups = groupByline(props.authors);
  if (groups.length === 0) return null;
  return (
    <p class="byline">
      By{' '}
      {groups.map((group, g) => (
        <span key={g}>
          {g > 0 ? '; ' : null}
          {group.authors.map((author, i) => (
            <span key={author.slug}>
              {i > 0 ? (i === group.authors.length - 1 ? ' and ' : ', ') : null}
              <a href={authorPath(author.slug)} rel="author">
                {author.name}
              </a>
            </span>
          ))}
          {group.affiliation ? <span class="byline__outlet">, {group.affiliation}</span> : null}
        </span>
      ))}
    </p>
  );
}
