// The station's own details, for admins: what every page's header, footer, About and Contact
// pages show, and the time zone readers' times are given in.
import type { EditableSettings } from '../../../modules/settings/index.ts';
import type { Topic } from '../../../modules/topics/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { FieldList, FormErrorBanner, Select, type FieldSpec } from './fields.tsx';
import { DeskLayout, Flash } from './shell.tsx';

const FIELDS: FieldSpec<keyof EditableSettings>[] = [
  { key: 'siteName', label: 'Site name', hint: 'In the header of every page and in search results.' },
  { key: 'tagline', label: 'Tagline', hint: 'Beside the name in the header.' },
  { key: 'about', label: 'About page', hint: 'Paragraphs separated by a blank line.', long: true },
  { key: 'contactEmail', label: 'Newsroom email' },
  { key: 'tipsEmail', label: 'Tip alerts email', hint: 'Hears of each new tip: a link to the inbox, never the tip’s words. Empty uses the newsroom email.' },
  { key: 'contactPhone', label: 'Newsroom phone' },
  { key: 'contactAddress', label: 'Address', hint: 'In the footer of every page.' },
  { key: 'timezone', label: 'Time zone', hint: 'The station’s, for the times readers see and the times editors schedule, e.g. America/Chicago.' },
  { key: 'language', label: 'Language', hint: 'A language tag, e.g. en or es-US.' },
  { key: 'brandColour', label: 'Station colour', hint: 'The header, buttons and links, as # and six hex digits (e.g. #0b3d91); dark enough for white text on it. Empty for the default blue.' },
];

export function SiteSettingsPage(props: { ctx: ViewContext; csrf: string; values: EditableSettings; error: { field: keyof EditableSettings | null; message: string } | null; flash: string | null; topics: Topic[]; menu: string[]; places: number; menuError?: string | null; imageError?: string | null }) {
  const { values, error } = props;
  const choices = [['', 'Nothing'] as const, ...props.topics.map((t) => [t.slug, t.name] as const)];
  return (
    <DeskLayout ctx={props.ctx} title="Site settings" current="/desk/site" role="admin">
      <Flash message={props.flash} />
      <FormErrorBanner message={error?.message} />
      <form method="post" action="/desk/site" class="story-form">
        <Csrf token={props.csrf} />
        <FieldList prefix="site" fields={FIELDS} values={values} invalid={error?.field} />
        <p>
          <button type="submit">Save settings</button>
        </p>
      </form>
      <section aria-labelledby="menu-heading" class="desk-photo">
        <h2 id="menu-heading">The menu</h2>
        <p>The topics in the bar under the site’s name on every page, in this order. Choose “Nothing” to leave a place empty.</p>
        <FormErrorBanner message={props.menuError} />
        <form method="post" action="/desk/site/navigation" class="desk-form">
          <Csrf token={props.csrf} />
          <ol class="menu-places">
            {Array.from({ length: props.places }, (_, i) => (
              <li key={i} class="field">
                <label for={`nav-${i + 1}`}>Place {i + 1}</label>
                <Select id={`nav-${i + 1}`} name={`nav${i + 1}`} options={choices} value={props.menu[i] ?? ''} />
              </li>
            ))}
          </ol>
          <p>
            <button type="submit">Save the menu</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="images-heading" class="desk-photo">
        <h2 id="images-heading">Logo and icon</h2>
        <FormErrorBanner message={props.imageError} />
        <SiteImageForm
          which="logo"
          csrf={props.csrf}
          label="Logo"
          hint="Shown in the header in place of the name (which stays for screen readers and search engines). A wide picture on a transparent or dark background reads best: it sits on the station’s colour, 48 pixels high."
          current={props.ctx.logo ? <img class="site-image-preview site-image-preview--logo" src={props.ctx.logo.url} width={Math.round(props.ctx.logo.width / 2)} height={Math.round(props.ctx.logo.height / 2)} alt="The current logo" /> : null}
        />
        <SiteImageForm
          which="icon"
          csrf={props.csrf}
          label="Icon"
          hint="The small picture in browser tabs and on phones’ home screens. A square picture works best; any other is fitted into a square."
          current={props.ctx.touchIcon ? <img class="site-image-preview" src={props.ctx.touchIcon} width={64} height={64} alt="The current icon" /> : null}
        />
      </section>
    </DeskLayout>
  );
}

function SiteImageForm(props: { which: 'logo' | 'icon'; csrf: string; label: string; hint: string; current: preact.VNode | null }) {
  const id = `site-${props.which}`;
  return (
    <div class="site-image">
      <h3>{props.label}</h3>
      {props.current ?? <p>None yet: {props.which === 'logo' ? 'the header shows the site’s name.' : 'pages use Masthead’s icon.'}</p>}
      <form method="post" action={`/desk/site/${props.which}`} enctype="multipart/form-data" class="desk-form">
        <Csrf token={props.csrf} />
        <p class="field">
          <label for={id}>New {props.label.toLowerCase()}</label>
          <span class="field__hint" id={`${id}-hint`}>
            {props.hint} JPEG, PNG, WebP, GIF or SVG, up to 25 MB.
          </span>
          <input id={id} name="image" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/svg+xml" required aria-describedby={`${id}-hint`} />
        </p>
        <p>
          <button type="submit">Use this {props.label.toLowerCase()}</button>
        </p>
      </form>
      {props.current ? (
        <form method="post" action={`/desk/site/${props.which}-remove`}>
          <Csrf token={props.csrf} />
          <button type="submit" class="button-secondary">
            Remove the {props.label.toLowerCase()}
          </button>
        </form>
      ) : null}
    </div>
  );
}
