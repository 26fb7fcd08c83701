import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsProblem, type EditableSettings } from './site-settings.service.ts';

const good: EditableSettings = {
  siteName: 'River City 4',
  tagline: 'News for the river towns',
  about: 'River City 4 has covered the valley since 1962.',
  contactEmail: 'tips@rivercity4.example',
  contactPhone: '555-0100',
  contactAddress: '12 Dock Street, River City',
  timezone: 'America/Chicago',
  language: 'en-US',
};

describe('site settings', () => {
  it('accepts a station’s own details', () => {
    assert.equal(settingsProblem(good), null);
  });

  it('names the field that is wrong', () => {
    assert.equal(settingsProblem({ ...good, siteName: 'X' })?.field, 'siteName');
    assert.equal(settingsProblem({ ...good, tagline: 'two\nlines' })?.field, 'tagline');
    assert.equal(settingsProblem({ ...good, contactEmail: 'not an address' })?.field, 'contactEmail');
    assert.equal(settingsProblem({ ...good, timezone: 'Mars/Olympus' })?.field, 'timezone');
    assert.equal(settingsProblem({ ...good, language: 'English' })?.field, 'language');
  });
});
