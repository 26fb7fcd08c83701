// Starting and stopping the site as an operator does: `npm start` stops on SIGTERM, an open
// live stream does not hold shutdown up, and a start that cannot work says why in one line and
// exits 1 instead of hanging or printing a stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createStory } from '../../src/modules/stories/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { startServerProcess } from '../helpers/server-process.ts';

const BIN = path.resolve('bin/masthead.js');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; a hang past `limitMs` fails the test instead of the suite. */
function run(command: string, args: string[], env: Record<string, string>, limitMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, LOG_LEVEL: 'info', MASTHEAD_DEMO: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${limitMs} ms: ${stderr}`));
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('starting and stopping the site', () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-lifecycle-'));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('stops `npm start` on SIGTERM: the signal reaches the server, which exits 0', async () => {
    const child = spawn('npm', ['start'], {
      env: { ...process.env, PORT: '0', MASTHEAD_DEMO: 'off', MASTHEAD_DATA_DIR: path.join(scratch, 'npm-start'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve: ${out}`)), 45_000);
      child.stdout.on('data', () => {
        const match = /"url":"http:\/\/127\.0\.0\.1:(\d+)".*Masthead is serving/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    assert.equal(await portAnswers(port), true);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    // npm's exit is not enough: the server under it must be gone too.
    let answering = true;
    for (let i = 0; i < 50 && answering; i++) {
      answering = await portAnswers(port);
      if (answering) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(answering, false, 'nothing answers on the port after npm start exits');
  });

  describe('with a reader on a live stream', () => {
    let database: TestDatabase;
    let slug: string;
    before(async () => {
      database = await createTestDatabase('sqlite');
      slug = (await createStory(database.handle.db, { headline: 'Lifecycle story', bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' })).slug;
      await database.handle.close();
    });
    after(() => fs.rmSync(database.dir, { recursive: true, force: true }));

    it('ends open event streams at once on SIGTERM and exits 0', async () => {
      if (database.database.kind !== 'sqlite') throw new Error('sqlite expected');
      const server = await startServerProcess({ DATABASE_URL: `sqlite:${database.database.file}`, MASTHEAD_DATA_DIR: database.dir });
      const response = await fetch(`${server.url}/stories/${slug}/comments/live`);
      assert.equal(response.status, 200);
      const reader = response.body?.getReader();
      assert.ok(reader);
      await reader.read();
      const started = Date.now();
      const code = await server.stop();
      assert.equal(code, 0, server.output());
      // The forced exit after 10 s would exit 1; a clean one is well inside that.
      assert.ok(Date.now() - started < 9_000, `shutdown waited ${Date.now() - started} ms for the stream`);
      assert.equal((await reader.read()).done, true, 'the stream was ended by the server');
    });
  });

  it('says in one line that the port is in use, and exits 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await run(process.execPath, [BIN, 'serve'], { PORT: String(port), MASTHEAD_DATA_DIR: path.join(scratch, 'port') });
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stderr), [`masthead: port ${port} on 127.0.0.1 is already in use: stop what is using it, or set PORT to another port`]);
    } finally {
      blocker.close();
    }
  });

  it('names a data folder it cannot create, without hanging, and exits 1', async () => {
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, '');
    for (const dir of ['/proc/masthead-nope', path.join(file, 'data')]) {
      const result = await run(process.execPath, [BIN, 'serve'], { PORT: '0', MASTHEAD_DATA_DIR: dir });
      assert.equal(result.code, 1, result.stderr);
      const [line, ...rest] = lines(result.stderr);
      assert.deepEqual(rest, [], result.stderr);
      assert.match(line ?? '', new RegExp(`^masthead: .*${dir.replace(/[/.]/g, '\\$&')}`));
    }
  });

  it('prints its version', async () => {
    const result = await run(process.execPath, [BIN, '--version'], {});
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), `masthead ${version}`);
  });
});
