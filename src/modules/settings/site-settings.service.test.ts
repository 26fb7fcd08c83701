import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastWithWhite, settingsProblem, type EditableSettings } from './site-settings.service.ts';

const good: EditableSettings = {
  siteName: 'River City 4',
  tagline: 'News for the river towns',
  about: 'River City 4 has covered the valley since 1962.',
  contactEmail: 'newsroom@rivercity4.example',
  tipsEmail: '',
  contactPhone: '555-0100',
  contactAddress: '12 Dock Street, River City',
  timezone: 'America/Chicago',
  language: 'en-US',
  brandColour: '#0b3d91',
};

describe('site settings', () => {
  it('accepts a station’s own details', () => {
    assert.equal(settingsProblem(good), null);
  });

  it('names the field that is wrong', () => {
    assert.equal(settingsProblem({ ...good, siteName: 'X' })?.field, 'siteName');
    assert.equal(settingsProblem({ ...good, tipsEmail: 'desk at station' })?.field, 'tipsEmail');
    assert.equal(settingsProblem({ ...good, tipsEmail: 'tips@rivercity4.example' }), null);
    assert.equal(settingsProblem({ ...good, tagline: 'two\nlines' })?.field, 'tagline');
    assert.equal(settingsProblem({ ...good, contactEmail: 'not an address' })?.field, 'contactEmail');
    assert.equal(settingsProblem({ ...good, timezone: 'Mars/Olympus' })?.field, 'timezone');
    assert.equal(settingsProblem({ ...good, language: 'English' })?.field, 'language');
    assert.equal(settingsProblem({ ...good, brandColour: 'navy' })?.field, 'brandColour');
  });

  it('takes a brand colour only if white text stays readable on it (4.5:1)', () => {
    assert.equal(settingsProblem({ ...good, brandColour: '' }), null, 'empty keeps the default');
    assert.equal(settingsProblem({ ...good, brandColour: '#1A5E20' }), null);
    assert.equal(settingsProblem({ ...good, brandColour: '#ffd700' })?.field, 'brandColour', 'gold under white text is unreadable');
    assert.equal(contrastWithWhite('#000000').toFixed(1), '21.0');
    assert.equal(contrastWithWhite('#ffffff').toFixed(1), '1.0');
    assert.ok(Math.abs(contrastWithWhite('#767676') - 4.54) < 0.01);
  });
});
