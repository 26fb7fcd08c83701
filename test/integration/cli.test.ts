// The `masthead` command as an operator runs it: help, bad configuration, migrate, seed-demo,
// sources, ingest, users, serve and a clean shutdown on SIGTERM. Commands run in this process
// through the same entry the binary uses (each spawn costs seconds of start-up); those that
// read standard input, and serve, run as real processes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runMain } from '../../src/cli/main.ts';
import { createTestDatabase, DIALECTS, skipReason } from '../helpers/databases.ts';

const BIN = path.resolve('bin/masthead.js');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs a command in this process with `env` added to the environment, capturing what it prints. */
async function run(args: string[], env: Record<string, string> = {}) {
  const vars = { LOG_LEVEL: 'silent', MASTHEAD_DATA_DIR: scratch, MASTHEAD_TIP_KEY_FILE: path.join(`${scratch}-keys`, 'tips.key'), ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  Object.assign(process.env, vars);
  console.log = (...parts: unknown[]) => void out.push(`${parts.map(String).join(' ')}\n`);
  console.error = (...parts: unknown[]) => void err.push(`${parts.map(String).join(' ')}\n`);
  try {
    const code = await runMain(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('masthead CLI', () => {
  it('prints help for the command and each subcommand', async () => {
    const top = await run(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Commands:\n\s+serve[\s\S]+migrate[\s\S]+seed-demo/);
    for (const command of ['serve', 'migrate', 'seed-demo']) {
      const help = await run([command, '--help']);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: masthead ${command}`), command);
    }
  });

  it('refuses unknown commands and options', async () => {
    assert.equal((await run(['publish'])).code, 1);
    const bad = await run(['serve', '--fast']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--fast/);
  });

  it('exits 1 with a clear message for PORT=abc', async () => {
    const result = await run(['serve'], { PORT: 'abc' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^masthead: PORT must be a whole number from 0 to 65535, got "abc"$/m);
  });

  it('exits 1 naming the host when DATABASE_URL cannot be reached', async () => {
    const result = await run(['serve'], { DATABASE_URL: 'postgres://news:secret@127.0.0.1:1/newsroom' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^masthead: Cannot reach PostgreSQL at 127\.0\.0\.1:1\/newsroom/m);
    assert.doesNotMatch(result.stderr, /secret/);
  });

  it('loads the demo with seed-demo, and a second run changes nothing', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(scratch, 'seed.db')}` };
    const first = await run(['seed-demo'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Demo loaded into .*seed\.db: 14 created, 1 withdrawn, 1 updated/);
    const second = await run(['seed-demo'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /created|updated|withdrawn/);
    assert.match(second.stdout, /unchanged/);

    // The demo's stories are found by search; reindex rewrites every row and says how many.
    const reindexed = await run(['search', 'reindex'], env);
    assert.equal(reindexed.code, 0, reindexed.stderr);
    assert.match(reindexed.stdout, /^Indexed 14 stories for search in \d+\.\d s\.\n$/);
    assert.equal((await run(['search', 'rebuild'], env)).code, 1, 'an unknown action is refused');

    // A media folder that cannot be written stops the demo before it loads anything.
    const blocked = path.join(scratch, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the media folder should be');
    const stopped = await run(['seed-demo'], { DATABASE_URL: `sqlite:${path.join(scratch, 'seed-blocked.db')}`, MASTHEAD_MEDIA_DIR: path.join(blocked, 'media') });
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /The demo cannot write its photos to .*not-a-folder\/media \(ENOTDIR\)/);
  });

  it('manages sources: add, list, show, remove, with clear refusals', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(scratch, 'sources.db')}` };
    const added = await run(
      ['source', 'add', 'cnn-newsource', '--name', 'CNN Newsource', '--short-name', 'CNN', '--rights', '© 2026 Cable News Network', '--map', 'World=CNN - World', '--map', 'Politics=CNN - Politics', '--publish', 'hold', '--auth', 'Bearer s3cret'],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Added source:\ncnn-newsource: CNN Newsource \(CNN, wire\)/);
    assert.match(added.stdout, /topics: +World → CNN - World; Politics → CNN - Politics/);
    assert.match(added.stdout, /publishing: +hold new stories for the desk/);
    assert.doesNotMatch(added.stdout, /s3cret/, 'credentials are not printed');
    assert.match((await run(['source', 'list'], env)).stdout, /^cnn-newsource\tCNN Newsource\twire\tmanual$/m);
    assert.match((await run(['source', 'show', 'cnn-newsource'], env)).stdout, /credentials: +Bearer \*\*\*/);
    const updated = await run(['source', 'add', 'cnn-newsource', '--canonical', 'noindex', '--new-push-secret', '--allow-local'], env);
    assert.match(updated.stdout, /^Updated source:/);
    assert.match(updated.stdout, /canonical: +noindex/);
    assert.match(updated.stdout, /push: +POST \/ingest\/cnn-newsource with its secret/);
    assert.match(updated.stdout, /network: +may fetch from private addresses/);
    assert.match(updated.stdout, /Push secret \(shown once; send it as "Authorization: Bearer <secret>" to POST \/ingest\/cnn-newsource\):\n[A-Za-z0-9_-]{32}\n$/);
    assert.doesNotMatch((await run(['source', 'show', 'cnn-newsource'], env)).stdout, /Push secret/);
    for (const [args, message] of [
      [['source', 'add', 'x-wire', '--name', 'X'], /needs --name and --short-name/],
      [['source', 'add', 'Bad Slug', '--name', 'X', '--short-name', 'X'], /lowercase words joined by hyphens/],
      [['source', 'add', 'x-wire', '--name', 'X', '--short-name', 'X', '--kind', 'blog'], /--kind must be one of wire, newsroom/],
      [['source', 'add', 'x-wire', '--name', 'X', '--short-name', 'X', '--map', 'World'], /--map takes "SUBJECT=TOPIC"/],
      [['source', 'show', 'nope'], /no source "nope"/],
      [['source', 'fly'], /say add, list, show or remove/],
    ] as const) {
      const result = await run([...args], env);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
    assert.equal((await run(['source', 'remove', 'cnn-newsource'], env)).code, 0);
    assert.match((await run(['source', 'list'], env)).stdout, /No sources yet/);
  });

  it('ingests a folder with --json lines, refuses bad payloads with reasons, and logs them', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(scratch, 'ingest.db')}` };
    assert.equal((await run(['source', 'add', 'mns', '--name', 'Meridian Newsource', '--short-name', 'MNS'], env)).code, 0);
    const result = await run(['ingest', 'fixtures/demo/wire/meridian', '--source', 'mns', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 9);
    assert.deepEqual(Object.keys(lines[0] ?? {}), ['file', 'source', 'guid', 'version', 'format', 'outcome', 'story', 'url', 'headline', 'reason', 'warnings']);
    // In delivery order (each file's versioncreated), not name order: the cancel follows its item.
    assert.deepEqual(
      lines.map((l) => `${path.basename(String(l.file)).slice(0, 3)} ${String(l.outcome)}`),
      ['007 created', '008 withdrawn', '006 created', '005 created', '009 created', '002 created', '003 updated', '001 created', '004 created'],
    );
    const flood = lines.find((l) => String(l.file).endsWith('001-delta-flood-barriers.json'));
    assert.equal(flood?.url, 'http://localhost:3000/stories/flood-barriers-hold-as-the-sable-river-crests-in-delta-towns');
    assert.equal(typeof flood?.headline, 'string');
    assert.deepEqual(flood?.warnings, []);
    assert.match(result.stderr, /Ingested 9 payloads from mns: 7 created, 1 withdrawn, 1 updated/);

    const again = await run(['ingest', 'fixtures/demo/wire/meridian', '--source', 'mns'], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Ingested 9 payloads from mns: (\d+ (unchanged|older-ignored)(, )?)+$/m);

    const bad = spawnSync(process.execPath, [BIN, 'ingest', '-', '--source', 'mns'], { env: { ...process.env, LOG_LEVEL: 'silent', MASTHEAD_DATA_DIR: scratch, ...env }, input: '{"uri": broken', encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /refused -: not valid JSON/);
    const log = await run(['ingest', 'log', '--limit', '2'], env);
    assert.match(log.stdout.split('\n')[0] ?? '', /mns {2}stdin {2}json {2}14 B {2}refused: not valid JSON/);
    // Each payload's items follow it: outcome, headline and the story's address.
    assert.match(log.stdout, /\n +1 {2}(unchanged|older-ignored) +.+ {2}http:\/\/localhost:3000\/stories\/[a-z0-9-]+/);
    const payloadId = /\[([0-9a-z-]+)\]\n +1 /.exec(log.stdout)?.[1] ?? '';
    assert.ok(payloadId, log.stdout);
    assert.match((await run(['ingest', 'log', '--payload', payloadId], env)).stdout, /^ +1 {2}/);
    const unknown = await run(['ingest', 'log', '--payload', 'no-such-payload'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no items recorded for payload "no-such-payload"/);
    assert.equal((await run(['ingest', 'nowhere.json', '--source', 'mns'], env)).code, 1);
    assert.match((await run(['ingest', 'fixtures/demo/wire/meridian'], env)).stderr, /--source SLUG/);
  });

  it('adds staff accounts with the password from standard input', async () => {
    const env = { ...process.env, LOG_LEVEL: 'silent', MASTHEAD_DATA_DIR: scratch, DATABASE_URL: `sqlite:${path.join(scratch, 'users.db')}` };
    const add = (args: string[], input: string) => spawnSync(process.execPath, [BIN, 'user', 'add', ...args], { env, input, encoding: 'utf8' });
    const ok = add(['--email', 'Ed@Example.org', '--name', 'Ed Ito', '--role', 'admin'], 'editor desk lamp 42\n');
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'Created admin Ed Ito <ed@example.org>.\n');
    const weak = add(['--email', 'x@example.org', '--name', 'X Y'], 'short');
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /Use at least 10 characters/);
    assert.match(add(['--email', 'ed@example.org', '--name', 'Ed Again'], 'editor desk lamp 42').stderr, /already has an account/);
    assert.match(add(['--email', 'z@example.org', '--name', 'Z Z', '--role', 'king'], 'editor desk lamp 42').stderr, /--role must be one of reader, reporter, moderator, editor, admin/);
    assert.match((await run(['user', '--help'])).stdout, /^Usage: masthead user add/);
  });

  it('serves, answers /healthz and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', MASTHEAD_DEMO: 'off', DATABASE_URL: `sqlite:${path.join(scratch, 'serve.db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stdout}${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)".*Masthead is serving/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on('exit', () => reject(new Error(`server exited: ${stdout}${stderr}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const home = await fetch(`${url}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /No stories yet/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, /SIGTERM received, shutting down/);
  });
});

for (const dialect of DIALECTS) {
  describe(`masthead migrate [${dialect}]`, { skip: skipReason(dialect) }, () => {
    it('applies the migrations once and then reports the database up to date', async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      try {
        const url = database.database.kind === 'sqlite' ? `sqlite:${database.database.file}` : database.database.url;
        await database.handle.close();
        const first = await run(['migrate'], { DATABASE_URL: url });
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /^Applied 2026-11-28-001-initial, 2026-11-28-002-wire-payloads, 2026-11-28-003-accounts, 2026-11-28-004-conversation, 2026-11-28-005-comment-indexes, 2026-12-01-006-desk, 2026-12-01-007-story-redirects, 2026-12-01-008-wire-local-edits, 2026-12-01-009-staff, 2026-12-01-010-story-options, 2026-12-01-011-media-kinds, 2026-12-02-012-outbox-and-follows, 2026-12-02-013-wire-copy-order, 2026-12-02-014-tips, 2026-12-03-015-story-search, 2026-12-04-016-story-search-pairs to /);
        const second = await run(['migrate'], { DATABASE_URL: url });
        assert.match(second.stdout, /is up to date/);
      } finally {
        await database.destroy().catch(() => {});
      }
    });
  });
}

describe('masthead quotes', () => {
  const story = path.join(scratch, 'ferry.txt');
  const page = path.join(scratch, 'ferry.html');
  fs.writeFileSync(story, 'Ferry fares rise\n\n“We had no choice,” said harbour master Ines Okafor. “Fuel doubled.”\n\nThe council denied that it had been warned.\n');
  fs.writeFileSync(page, '<html><head><style>p{}</style></head><body><h1>Ferry fares rise</h1><p>“We had no choice,” said harbour master <b>Ines Okafor</b>.</p><script>var said = "no";</script><p>The council denied that it had been warned.</p></body></html>');

  it('prints one JSON line a file, with offsets into the file’s text or the page’s text content', async () => {
    const { code, stdout, stderr } = await run(['quotes', '--json', story, page]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; attributions: { kind: string; content: { start: number; end: number; text: string }; speaker: { name: string; type: string; role: string | null } | null; stance: string | null }[] });
    assert.deepEqual(lines.map((l) => l.file), [story, page]);
    const text = fs.readFileSync(story, 'utf8');
    const [direct, indirect] = lines[0]!.attributions;
    assert.equal(direct!.kind, 'direct');
    assert.deepEqual(direct!.speaker, { name: 'Ines Okafor', type: 'person', role: 'harbour master' });
    assert.equal(text.slice(direct!.content.start, direct!.content.end), direct!.content.text);
    assert.match(direct!.content.text, /^“We had no choice,”.*“Fuel doubled\.”$/);
    assert.equal(indirect!.kind, 'indirect');
    assert.equal(indirect!.stance, 'denies');
    const { htmlTextContent } = await import('../../src/cli/quotes-command.ts');
    const content = await htmlTextContent(fs.readFileSync(page, 'utf8'));
    assert.doesNotMatch(content, /var said/);
    for (const a of lines[1]!.attributions) assert.equal(content.slice(a.content.start, a.content.end), a.content.text);
    assert.deepEqual(lines[1]!.attributions.map((a) => a.speaker?.name), ['Ines Okafor', 'The council']);
  });

  it('reads in words without --json, and says which file it could not read', async () => {
    const plain = await run(['quotes', story]);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /ferry\.txt: 2 attributions/);
    assert.match(plain.stdout, /direct\s+Ines Okafor \(harbour master\) \[person\], asserts \("said"\)/);
    const missing = path.join(scratch, 'nope.txt');
    const failed = await run(['quotes', '--json', missing, story]);
    assert.equal(failed.code, 1);
    const [first, second] = failed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: string; attributions?: unknown[] });
    assert.deepEqual(first, { file: missing, error: 'no such file' });
    assert.equal(second!.attributions!.length, 2);
    const bare = await run(['quotes']);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /give one or more files/);
    const help = await run(['quotes', '--help']);
    assert.match(help.stdout, /JavaScript string indices/);
  });
});
