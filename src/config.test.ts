import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, parseDatabaseUrl, redactUrl } from './config.ts';
import { ConfigError } from './errors.ts';

describe('loadConfig', () => {
  it('has defaults that run the demo site on SQLite at port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.demo, true);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.deepEqual(config.database, { kind: 'sqlite', file: path.resolve('data/masthead.db') });
    assert.ok(Object.isFrozen(config));
  });

  it('refuses a port that is not a number, with the value in the message', () => {
    assert.throws(() => loadConfig({ PORT: 'abc' }), (e: unknown) => e instanceof ConfigError && /PORT .*"abc"/.test(e.message));
    assert.throws(() => loadConfig({ PORT: '70000' }), ConfigError);
    assert.equal(loadConfig({ PORT: '8080' }).port, 8080);
  });

  it('reads TRUST_PROXY as off, a hop count or a list of proxy addresses, and refuses anything else', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const bad of ['0', 'yes', 'proxy.example.org', '127.0.0.1;drop']) assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY/, bad);
  });

  it('reads MASTHEAD_DEMO on and off, and refuses anything else', () => {
    assert.equal(loadConfig({ MASTHEAD_DEMO: 'off' }).demo, false);
    assert.equal(loadConfig({ MASTHEAD_DEMO: 'on' }).demo, true);
    assert.throws(() => loadConfig({ MASTHEAD_DEMO: 'maybe' }), /MASTHEAD_DEMO/);
  });

  it('normalises PUBLIC_URL and refuses relative or non-http ones', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://news.example.org/' }).publicUrl, 'https://news.example.org');
    assert.throws(() => loadConfig({ PUBLIC_URL: 'news.example.org' }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'ftp://news.example.org' }), /PUBLIC_URL/);
  });

  it('keeps the tip key file outside the data, media and tips folders', () => {
    const config = loadConfig({});
    assert.equal(config.tipKeyFile, path.resolve('keys/tips.key'));
    assert.equal(config.tipsDir, path.resolve('data/tips'));
    assert.equal(config.tipRetentionDays, 90);
    assert.throws(() => loadConfig({ MASTHEAD_TIP_KEY_FILE: 'data/tips.key' }), (e: unknown) => e instanceof ConfigError && /MASTHEAD_DATA_DIR/.test(e.message));
    assert.throws(() => loadConfig({ MASTHEAD_DATA_DIR: '/srv/news', MASTHEAD_TIP_KEY_FILE: '/srv/news/keys/tips.key' }), ConfigError);
    assert.throws(() => loadConfig({ MASTHEAD_TIPS_DIR: '/vault', MASTHEAD_TIP_KEY_FILE: '/vault/k' }), /MASTHEAD_TIPS_DIR/);
    assert.equal(loadConfig({ MASTHEAD_DATA_DIR: '/srv/news', MASTHEAD_TIP_KEY_FILE: '/etc/masthead/tips.key' }).tipKeyFile, '/etc/masthead/tips.key');
    assert.throws(() => loadConfig({ MASTHEAD_TIP_RETENTION_DAYS: 'soon' }), /MASTHEAD_TIP_RETENTION_DAYS/);
  });

  it('refuses unknown log levels', () => {
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
  });

  it('reads SMTP_URL, MAIL_FROM and REDIS_URL, refusing other schemes without printing passwords', () => {
    const plain = loadConfig({ PUBLIC_URL: 'https://kv7.example' });
    assert.equal(plain.smtpUrl, null);
    assert.equal(plain.redisUrl, null);
    assert.equal(plain.mailFrom, 'newsroom@kv7.example');
    const set = loadConfig({ SMTP_URL: 'smtps://desk:pw@mail.example:465', MAIL_FROM: 'desk@kv7.example', REDIS_URL: 'redis://127.0.0.1:6379' });
    assert.equal(set.smtpUrl, 'smtps://desk:pw@mail.example:465');
    assert.equal(set.mailFrom, 'desk@kv7.example');
    assert.equal(set.redisUrl, 'redis://127.0.0.1:6379');
    assert.throws(
      () => loadConfig({ SMTP_URL: 'http://desk:secret@mail.example' }),
      (e: unknown) => e instanceof ConfigError && /SMTP_URL must be a smtp:\/\/ or smtps:\/\/ URL/.test(e.message) && !e.message.includes('secret'),
    );
    assert.throws(() => loadConfig({ REDIS_URL: 'localhost:6379' }), /REDIS_URL/);
    assert.equal(plain.redisPrefix, 'masthead:');
    assert.equal(loadConfig({ REDIS_PREFIX: 'kv7:' }).redisPrefix, 'kv7:');
    assert.throws(() => loadConfig({ REDIS_PREFIX: 'has space' }), /REDIS_PREFIX/);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads sqlite: paths and postgres URLs', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/tmp/x.db', 'data'), { kind: 'sqlite', file: '/tmp/x.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:rel/x.db', 'data'), { kind: 'sqlite', file: path.resolve('rel/x.db') });
    assert.deepEqual(parseDatabaseUrl('postgres://u:p@db.internal:5432/news', 'data'), {
      kind: 'postgres',
      url: 'postgres://u:p@db.internal:5432/news',
    });
  });

  it('refuses other schemes without printing the password', () => {
    assert.throws(
      () => parseDatabaseUrl('mysql://root:secret@db/news', 'data'),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('secret') && e.message.includes('mysql://root:***@db/news'),
    );
    assert.throws(() => parseDatabaseUrl('sqlite:', 'data'), /file path/);
  });

  it('redacts passwords', () => {
    assert.equal(redactUrl('postgres://news:hunter2@db:5432/x'), 'postgres://news:***@db:5432/x');
  });
});
