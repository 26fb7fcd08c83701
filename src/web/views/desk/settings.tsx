// The conversation's policy and Community Guidelines (admins).
import type { ModerationSettings } from '../../../modules/moderation/index.ts';
import type { SiteSettings } from '../../../modules/settings/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { DeskLayout, Flash } from './shell.tsx';

export function SettingsPage(props: { ctx: ViewContext; settings: ModerationSettings; site: SiteSettings; csrf: string; flash: string | null; error: string | null }) {
  const s = props.settings;
  const number = (id: keyof ModerationSettings, label: string, attrs: { min: number; max: number; step?: number }) => (
    <p class="field">
      <label for={id}>{label}</label>
      <input id={id} name={id} type="number" value={String(s[id])} min={attrs.min} max={attrs.max} step={attrs.step ?? 1} required />
    </p>
  );
  return (
    <DeskLayout ctx={props.ctx} title="Conversation settings" current="/desk/settings" role="admin">
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <form method="post" action="/desk/settings" class="desk-form">
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>Moderation mode for the whole site</legend>
          <p class="choice">
            <input type="radio" name="siteMode" id="siteMode-post" value="post" checked={s.siteMode === 'post'} />
            <label for="siteMode-post">Post-moderation: comments appear at once unless a rule holds them</label>
          </p>
          <p class="choice">
            <input type="radio" name="siteMode" id="siteMode-pre" value="pre" checked={s.siteMode === 'pre'} />
            <label for="siteMode-pre">Pre-moderation: every comment waits for a moderator</label>
          </p>
        </fieldset>
        <fieldset>
          <legend>Who may comment</legend>
          <p class="choice">
            <input type="radio" name="requireVerifiedEmail" id="verified-1" value="1" checked={s.requireVerifiedEmail} />
            <label for="verified-1">Readers who have confirmed their email address</label>
          </p>
          <p class="choice">
            <input type="radio" name="requireVerifiedEmail" id="verified-0" value="0" checked={!s.requireVerifiedEmail} />
            <label for="verified-0">Any signed-in reader, confirmed or not</label>
          </p>
        </fieldset>
        {number('premodUntilApproved', 'Pre-moderate new commenters until this many comments are approved (0: off)', { min: 0, max: 1000 })}
        {number('linksNeedApproved', 'Hold comments with links from commenters with fewer approved comments than', { min: 0, max: 1000 })}
        {number('maxLength', 'Longest comment, in characters', { min: 100, max: 20000 })}
        {number('perMinute', 'Comments per reader per minute', { min: 1, max: 1000 })}
        {number('reportThreshold', 'Reports from different readers that hide a comment until review', { min: 1, max: 100 })}
        {number('toxicityThreshold', 'Toxicity (0 to 1) above which writers are asked "are you sure?"', { min: 0, max: 1, step: 0.01 })}
        <p class="field">
          <label for="scorerUrl">Perspective-compatible scoring URL (empty: the built-in word-list scorer)</label>
          <input id="scorerUrl" name="scorerUrl" type="url" value={s.scorerUrl} />
        </p>
        <p class="field">
          <label for="scorerKey">API key for that service</label>
          <input id="scorerKey" name="scorerKey" type="text" value={s.scorerKey} autocomplete="off" />
        </p>
        <p class="field">
          <label for="guidelines">Community Guidelines (paragraphs, *emphasis*, **bold**, &gt; quotes and links)</label>
          <textarea id="guidelines" name="guidelines" rows={16} required>
            {props.site.guidelines}
          </textarea>
        </p>
        <p>
          <button type="submit">Save settings</button>
        </p>
      </form>
    </DeskLayout>
  );
}
