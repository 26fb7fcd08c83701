// The station's colour as a small stylesheet after the site's own: the header, buttons, links and
// the menu bar (a darker shade). Served under a name hashed from the colour, so it is cached for
// good and a new colour is a new address; the CSP stays 'self' (no inline styles).
import { createHash } from 'node:crypto';

export const themeUrl = (colour: string): string | null => (colour ? `/assets/theme.${createHash('sha1').update(colour).digest('hex').slice(0, 10)}.css` : null);

/** The colour with each channel scaled: below 1 darker (the menu bar), above 1 lighter (its current item). */
function shade(hex: string, factor: number): string {
  const channel = (i: number) => Math.min(255, Math.round(parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) * factor)).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

export function themeCss(colour: string): string {
  return [
    `:root { --brand: ${colour}; --link: ${colour}; }`,
    `.site-nav { background: ${shade(colour, 0.72)}; }`,
    // The current and hovered item: the colour itself, which white text reads on (checked at 4.5:1).
    `.site-nav a:hover, .site-nav a[aria-current="page"] { background: ${colour}; }`,
    '',
  ].join('\n');
}
