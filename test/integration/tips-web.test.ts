// The tip line over HTTP, on both engines: a tip with attachments sent as a plain form, its
// receipt used to read a reply and add a file; the desk's inbox, assignment, reply, note, story
// link, downloads and previews; who may open what; spam kept apart, never dropped; refused
// files with their reasons and nothing left on disk; and none of a tip's words in the database,
// the files, the inbox or any email.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createChallenge, solutionText, solveChallenge } from '../../src/modules/tips/index.ts';
import type { EmailMessage } from '../../src/modules/notify/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, type Staff } from '../helpers/staff.ts';

const SECRET_WORDS = 'Quarrymaster Velloway dumped drums behind the Orrin Street depot';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 0x90)]);

async function photoWithMetadata(): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 60, channels: 3, background: '#3a6ea5' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Hidden Camera Owner', Copyright: 'GPS-lat-44.1' } })
    .toBuffer();
}

/** Every byte the site stored: the database file (SQLite) or a dump of the tip tables (PostgreSQL), and the tips folder. */
async function storedBytes(site: TestSite): Promise<Buffer> {
  const parts: Buffer[] = [];
  if (site.config.database.kind === 'sqlite') {
    for (const suffix of ['', '-wal']) parts.push(await fs.readFile(site.config.database.file + suffix).catch(() => Buffer.alloc(0)));
  } else {
    for (const table of ['tips', 'tip_messages', 'tip_files', 'tip_access_log', 'email_outbox'] as const) parts.push(Buffer.from(JSON.stringify(await site.web.db.selectFrom(table).selectAll().execute())));
  }
  for (const name of await fs.readdir(site.config.tipsDir).catch(() => [] as string[])) parts.push(await fs.readFile(path.join(site.config.tipsDir, name)));
  return Buffer.concat(parts);
}

for (const dialect of DIALECTS) {
  describe(`the tip line [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    const sent: EmailMessage[] = [];
    before(async () => {
      site = await createTestSite(dialect, { mailer: { send: async (message) => void sent.push(message) } });
      staff = await addStaff(site, ['editor', 'reporter', 'moderator', 'admin']);
      await site.web.db.insertInto('settings').values({ key: 'tipsEmail', value: 'tips-desk@kv7.example' }).execute();
      await site.app.site.load(site.web.db);
    });
    after(() => site?.close());

    /** Sends a tip as a browser with JavaScript off does; answers the response and the receipt code on it. */
    const sendTip = async (client: FormClient, fields: Record<string, string>, files: { name: string; type: string; bytes: Buffer }[] = []) => {
      const form = await client.get('/tips');
      assert.equal(form.statusCode, 200);
      const action = /action="(\/tips\?_csrf=[^"]+)"/.exec(form.body)?.[1]!.replaceAll('&amp;', '&');
      assert.ok(action);
      const res = await client.postMultipart(action, { website: '', proof: '', ...fields }, files.map((f) => ({ field: 'file', ...f })));
      const code = /<p class="receipt-code"><code>([a-z ]+)<\/code>/.exec(res.body)?.[1] ?? null;
      return { res, code };
    };
    const tipIdOf = async (what: string) => {
      const rows = await site.web.db.selectFrom('tips').select(['id', 'status']).orderBy('created_at', 'desc').execute();
      assert.ok(rows.length > 0, what);
      return rows[0]!;
    };

    let tipId = '';
    let receipt = '';

    it('takes a tip with two attachments from a plain form, keeps a refused file’s reason, and shows a receipt once', async () => {
      const source = new FormClient(site);
      const before = sent.length;
      const { res, code } = await sendTip(
        source,
        { what: SECRET_WORDS, whereWhen: 'Orrin Street, Tuesday night', name: 'Pell Marrow', contact: 'pell.marrow@example.net', consent: '1' },
        [
          { name: 'drums.jpg', type: 'image/jpeg', bytes: await photoWithMetadata() },
          { name: 'manifest.pdf', type: 'application/pdf', bytes: pdf },
          { name: 'invoice.pdf.exe', type: 'application/octet-stream', bytes: exe },
          { name: 'fake.jpg', type: 'image/jpeg', bytes: pdf },
        ],
      );
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(code, 'the receipt code is on the page');
      assert.equal(code!.split(' ').length, 7);
      assert.match(res.body, /invoice\.pdf\.exe is not a picture, PDF, audio, video or plain-text file/);
      assert.match(res.body, /fake\.jpg says it is image\/jpeg but its contents are application\/pdf/);
      receipt = code!;
      const tip = await tipIdOf('the tip is stored');
      tipId = tip.id;
      assert.equal(tip.status, 'new');
      const files = await site.web.db.selectFrom('tip_files').select(['kind', 'preview_as']).where('tip_id', '=', tipId).orderBy('kind').execute();
      assert.deepEqual(files.map((f) => [f.kind, f.preview_as !== null]), [['image', true], ['pdf', false]]);
      assert.equal((await fs.readdir(site.config.tipsDir)).length, 3, 'two files and one preview, the refused ones gone');

      await site.app.outbox.flush();
      const mail = sent.slice(before);
      const desk = mail.find((m) => m.to === 'tips-desk@kv7.example');
      const toSource = mail.find((m) => m.to === 'pell.marrow@example.net');
      assert.ok(desk && toSource, 'the desk and the source are told');
      assert.match(desk.text, new RegExp(`/desk/tips/${tipId}`));
      for (const m of [desk, toSource]) {
        assert.doesNotMatch(`${m.subject}\n${m.text}`, /Quarrymaster|Orrin|Pell Marrow/);
        assert.ok(!m.text.includes(receipt), 'no email carries the receipt code');
      }
    });

    it('keeps none of the tip’s words, names or picture metadata readable in the database or the files', async () => {
      const bytes = await storedBytes(site);
      for (const needle of ['Quarrymaster', 'Velloway', 'Orrin Street', 'Pell Marrow', 'pell.marrow@example.net', 'drums.jpg', 'manifest.pdf', 'Hidden Camera Owner', receipt]) {
        assert.equal(bytes.includes(Buffer.from(needle)), false, `${needle} is not stored readable`);
      }
    });

    it('lets the source read the newsroom’s reply (not its notes) and add a file with the receipt', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get(`/desk/tips/${tipId}`);
      assert.equal((await editor.post(`/desk/tips/${tipId}/reply`, { _csrf: editor.csrf, text: 'Thank you. Can you tell us when the drums arrived?' })).statusCode, 303);
      assert.equal((await editor.post(`/desk/tips/${tipId}/note`, { _csrf: editor.csrf, text: 'Check the depot permits first.' })).statusCode, 303);

      const source = new FormClient(site);
      await source.get('/tips/status');
      const wrong = await source.post('/tips/status', { _csrf: source.csrf, receipt: 'amber otter quill lantern fjord mango basil' });
      assert.equal(wrong.statusCode, 404);
      const view = await source.post('/tips/status', { _csrf: source.csrf, receipt: receipt.toUpperCase().replaceAll(' ', '-') });
      assert.equal(view.statusCode, 200);
      assert.match(view.body, /Can you tell us when the drums arrived\?/);
      assert.doesNotMatch(view.body, /depot permits/);
      assert.match(view.body, /A journalist is looking into it|Received/);

      const action = /action="(\/tips\/status\/add\?_csrf=[^"]+)"/.exec(view.body)?.[1]!.replaceAll('&amp;', '&');
      assert.ok(action);
      const before = sent.length;
      const added = await source.postMultipart(action, { receipt, text: 'They came on the 9th, by night.' }, [{ field: 'file', name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('Truck plate seen: 4-KVR-221\n') }]);
      assert.equal(added.statusCode, 200);
      assert.match(added.body, /Added to your tip with one file/);
      assert.match(added.body, /They came on the 9th/);
      await site.app.outbox.flush();
      assert.ok(sent.slice(before).some((m) => m.to === 'tips-desk@kv7.example' && /added to/.test(m.subject)));
      assert.ok(sent.some((m) => m.to === 'pell.marrow@example.net' && /replied/.test(m.subject) && !m.text.includes('drums arrived')), 'the reply email says only that there is a reply');
    });

    it('shows editors the inbox without the words, and the tip with them, logging every look', async () => {
      const editor = await staff.signedIn('editor');
      const inbox = await editor.get('/desk/tips');
      assert.equal(inbox.statusCode, 200);
      assert.match(inbox.body, new RegExp(`/desk/tips/${tipId}`));
      assert.doesNotMatch(inbox.body, /Quarrymaster/);
      assert.match(inbox.body, /new from the source/);
      const page = await editor.get(`/desk/tips/${tipId}`);
      assert.match(page.body, /Quarrymaster Velloway/);
      assert.match(page.body, /pell\.marrow@example\.net/);
      assert.match(page.body, /Check the depot permits first/);
      const log = await site.web.db.selectFrom('tip_access_log').select(['action', 'actor_name']).where('tip_id', '=', tipId).orderBy('at').orderBy('id').execute();
      assert.deepEqual(
        [...new Set(log.map((l) => l.action))],
        ['submitted', 'viewed', 'replied', 'noted', 'source-viewed', 'source-added'],
      );
      assert.ok(log.filter((l) => l.action === 'viewed').every((l) => l.actor_name === 'Staff editor'));
      // The log cannot be edited, not even by SQL.
      await assert.rejects(site.web.db.deleteFrom('tip_access_log').where('tip_id', '=', tipId).execute());
    });

    it('assigns the tip, links its story, and hands files out only as downloads, pictures without metadata', async () => {
      const editor = await staff.signedIn('editor');
      await editor.get(`/desk/tips/${tipId}`);
      const reporterId = staff.users.reporter!.id;
      assert.equal((await editor.post(`/desk/tips/${tipId}/assign`, { _csrf: editor.csrf, userId: reporterId })).statusCode, 303);
      const bad = await editor.post(`/desk/tips/${tipId}/assign`, { _csrf: editor.csrf, userId: staff.users.moderator!.id });
      assert.equal(bad.statusCode, 400, 'a moderator cannot take a tip');
      const story = await site.web.db.selectFrom('stories').select(['slug']).where('status', '=', 'published').executeTakeFirstOrThrow();
      assert.equal((await editor.post(`/desk/tips/${tipId}/story`, { _csrf: editor.csrf, story: `http://news.test/stories/${story.slug}` })).statusCode, 303);
      assert.equal((await editor.post(`/desk/tips/${tipId}/story`, { _csrf: editor.csrf, story: 'no-such-story' })).statusCode, 400);
      const row = await site.web.db.selectFrom('tips').select(['status', 'assigned_to', 'story_id']).where('id', '=', tipId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'assigned');
      assert.equal(row.assigned_to, reporterId);
      assert.ok(row.story_id);

      const reporter = await staff.signedIn('reporter');
      const page = await reporter.get(`/desk/tips/${tipId}`);
      assert.equal(page.statusCode, 200, 'the assigned reporter opens it');
      const files = await site.web.db.selectFrom('tip_files').select(['id', 'kind']).where('tip_id', '=', tipId).execute();
      const photo = files.find((f) => f.kind === 'image')!;
      const doc = files.find((f) => f.kind === 'pdf')!;
      const download = await reporter.get(`/desk/tips/${tipId}/files/${doc.id}`);
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, pdf);
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="manifest\.pdf"/);
      assert.equal(download.headers['x-content-type-options'], 'nosniff');
      assert.match(String(download.headers['content-security-policy']), /sandbox/);
      const preview = await reporter.get(`/desk/tips/${tipId}/files/${photo.id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.headers['content-type'], 'image/webp');
      const meta = await sharp(preview.rawPayload).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.exif, undefined, 'no EXIF survives');
      assert.equal(preview.rawPayload.includes(Buffer.from('Hidden Camera Owner')), false);
      assert.match((await reporter.get(`/desk/tips/${tipId}`)).body, /downloaded a file \(manifest\.pdf\)/, 'the access log names the file');
      const actions = await site.web.db.selectFrom('tip_access_log').select('action').where('tip_id', '=', tipId).where('actor_name', '=', 'Staff reporter').execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), ['file-downloaded', 'file-previewed', 'viewed', 'viewed']);
    });

    it('opens a tip only to editors and the reporter assigned: every tip route refuses everyone else', async () => {
      const other = new FormClient(site);
      const otherTip = await sendTip(other, { what: 'A second tip, for nobody in particular.' });
      assert.ok(otherTip.code);
      const unassigned = (await tipIdOf('second tip')).id;
      const file = await site.web.db.selectFrom('tip_files').select('id').where('tip_id', '=', tipId).executeTakeFirstOrThrow();
      const reporter = await staff.signedIn('reporter');
      const moderator = await staff.signedIn('moderator');
      const anonymous = new FormClient(site);
      const routes = (id: string): [string, string][] => [
        ['GET', `/desk/tips/${id}`],
        ['GET', `/desk/tips/${id}/files/${file.id}`],
        ['GET', `/desk/tips/${id}/files/${file.id}/preview`],
        ...['assign', 'status', 'note', 'reply', 'story', 'duplicate', 'delete'].map((a): [string, string] => ['POST', `/desk/tips/${id}/${a}`]),
      ];
      await reporter.get('/desk/tips');
      const inbox = await reporter.get('/desk/tips');
      assert.doesNotMatch(inbox.body, new RegExp(unassigned), 'a reporter’s inbox lists only their tips');
      for (const [client, who, expected] of [
        [reporter, 'an unassigned reporter', 403],
        [moderator, 'a moderator', 403],
        [anonymous, 'someone signed out', 303],
      ] as const) {
        await client.get('/desk/stories');
        for (const [method, url] of routes(unassigned)) {
          const res = method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: client.csrf, text: 'x', status: 'used', userId: '', story: '', of: '', sure: '1' });
          const want = method === 'POST' && who === 'someone signed out' ? [401, 403] : [expected];
          assert.ok(want.includes(res.statusCode), `${who}: ${method} ${url} answered ${res.statusCode}`);
        }
      }
      assert.equal((await site.web.db.selectFrom('tips').select('status').where('id', '=', unassigned).executeTakeFirstOrThrow()).status, 'new', 'nothing changed');
      // The reporter cannot file spam or undo the assignment.
      await reporter.get(`/desk/tips/${tipId}`);
      assert.equal((await reporter.post(`/desk/tips/${tipId}/status`, { _csrf: reporter.csrf, status: 'spam' })).statusCode, 403);
      assert.equal((await reporter.post(`/desk/tips/${tipId}/assign`, { _csrf: reporter.csrf, userId: '' })).statusCode, 403);
      assert.equal((await reporter.post(`/desk/tips/${tipId}/status`, { _csrf: reporter.csrf, status: 'in_progress' })).statusCode, 303);
    });

    it('escapes hostile text in every tip field on the desk', async () => {
      const hostile = '<script>window.hit=1</script><img src=x onerror="window.hit=2">';
      await sendTip(new FormClient(site), { what: hostile, whereWhen: hostile, name: hostile, contact: hostile });
      const id = (await tipIdOf('hostile tip')).id;
      const editor = await staff.signedIn('editor');
      const page = await editor.get(`/desk/tips/${id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>window\.hit|<img src=x/);
      // Escaped as text: "<" is enough for no tag to open.
      assert.equal(page.body.split('&lt;script>window.hit=1&lt;/script>').length - 1, 4);
    });

    it('files bot tips in spam (never dropped), spends a proof once, and holds tips without the check to a tighter limit', async () => {
      const bot = new FormClient(site);
      const trapped = await sendTip(bot, { what: 'Cheap watches, click here', website: 'http://spam.example' });
      assert.ok(trapped.code, 'a bot sees a receipt like anyone');
      assert.deepEqual(await site.web.db.selectFrom('tips').select(['status', 'spam_reason']).orderBy('created_at', 'desc').executeTakeFirstOrThrow(), { status: 'spam', spam_reason: 'honeypot' });

      const challenge = createChallenge(site.app.tips.challengeSecret);
      const proof = solutionText(challenge, solveChallenge(challenge));
      const solver = new FormClient(site);
      await sendTip(solver, { what: 'A tip with its browser check done.', proof });
      assert.deepEqual(await site.web.db.selectFrom('tips').select(['status', 'challenge_solved']).orderBy('created_at', 'desc').executeTakeFirstOrThrow(), { status: 'new', challenge_solved: 1 });
      await sendTip(solver, { what: 'The same check sent again.', proof });
      assert.deepEqual(await site.web.db.selectFrom('tips').select(['status', 'spam_reason']).orderBy('created_at', 'desc').executeTakeFirstOrThrow(), { status: 'spam', spam_reason: 'challenge_invalid' });

      const editor = await staff.signedIn('editor');
      const spam = await editor.get('/desk/tips?folder=spam');
      assert.match(spam.body, /filled in the hidden field/);

      const plain = new FormClient(site);
      for (let i = 0; i < 3; i++) assert.ok((await sendTip(plain, { what: `Tip number ${i} with JavaScript off.` })).code);
      const fourth = await sendTip(plain, { what: 'One too many.' });
      assert.equal(fourth.res.statusCode, 429);
      assert.equal(fourth.code, null);
      assert.match(fourth.res.body, /One too many\./, 'the refused tip is shown back, so nothing typed is lost');
    });

    it('refuses oversized and damaged files with a reason and keeps the tip; a dropped upload leaves no file behind', async () => {
      const before = (await fs.readdir(site.config.tipsDir)).length;
      const client = new FormClient(site);
      const big = await sendTip(client, { what: 'A tip with a video too large.' }, [{ name: 'long.mp4', type: 'video/mp4', bytes: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(25 * 1024 * 1024)]) }]);
      assert.equal(big.res.statusCode, 200, 'the tip itself is kept');
      assert.match(big.res.body, /long\.mp4 is larger than 25 MB, so it was not kept/);
      assert.equal((await fs.readdir(site.config.tipsDir)).length, before);

      // A file cut short before it was sent is refused as damaged; the tip is kept.
      const damaged = await sendTip(client, { what: 'A tip with half a document.' }, [{ name: 'half.pdf', type: 'application/pdf', bytes: pdf.subarray(0, 30) }]);
      assert.equal(damaged.res.statusCode, 200);
      assert.match(damaged.res.body, /half\.pdf looks like application\/pdf but its end is missing/);
      assert.equal((await fs.readdir(site.config.tipsDir)).length, before);

      // A connection that drops half-way through a file leaves nothing behind.
      const form = await client.get('/tips');
      const action = /action="(\/tips\?_csrf=[^"]+)"/.exec(form.body)![1]!.replaceAll('&amp;', '&');
      const address = await site.app.listen({ port: 0, host: '127.0.0.1' });
      const boundary = '----cut';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="what"\r\n\r\nCut off\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
      const { port } = new URL(address);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      // The files folder as it was before, once the server has cleaned up after a broken request.
      const filesSettled = async () => {
        for (let i = 0; i < 50 && (await fs.readdir(site.config.tipsDir)).length !== before; i++) await new Promise((r) => setTimeout(r, 50));
        return (await fs.readdir(site.config.tipsDir)).length;
      };
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST ${action} HTTP/1.1\r\nHost: news.test\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 5_000_000}\r\n\r\n`);
          socket.write(head);
          socket.write(Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(300_000)]), () => setTimeout(() => (socket.destroy(), resolve()), 200));
        });
        socket.on('error', reject);
      });
      assert.equal(await filesSettled(), before, 'nothing of the dropped upload is left');

      // A whole request whose form never closes (no final boundary) is answered at once, not left hanging.
      const body = Buffer.concat([head, Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(100_000), Buffer.from('\r\n')]);
      const started = Date.now();
      const tipsBefore = (await site.web.db.selectFrom('tips').select('id').execute()).length;
      // Over a real connection, as a browser's request would arrive (the length is right, the form is not).
      const open = await fetch(new URL(action, address), { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie } });
      assert.equal(open.status, 400);
      assert.match(await open.text(), /arrived incomplete/);
      assert.equal((await site.web.db.selectFrom('tips').select('id').execute()).length, tipsBefore, 'no half tip is stored');
      assert.ok(Date.now() - started < 10_000, 'answered without waiting for the request timeout');
      assert.equal(await filesSettled(), before, 'nothing of the unclosed form is left');
    });

    it('lets the source delete the tip: its rows and files go, the access log stays', async () => {
      const files = await site.web.db.selectFrom('tip_files').select(['stored_as', 'preview_as']).where('tip_id', '=', tipId).execute();
      assert.ok(files.length >= 3);
      const source = new FormClient(site);
      await source.get('/tips/status');
      const view = await source.post('/tips/status', { _csrf: source.csrf, receipt });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(view.body)![1]!;
      assert.equal((await source.post('/tips/status/delete', { _csrf: csrf, receipt })).statusCode, 400, 'the box must be ticked');
      const done = await source.post('/tips/status/delete', { _csrf: csrf, receipt, sure: '1' });
      assert.equal(done.statusCode, 200);
      assert.equal(await site.web.db.selectFrom('tips').select('id').where('id', '=', tipId).executeTakeFirst(), undefined);
      assert.equal((await site.web.db.selectFrom('tip_messages').select('id').where('tip_id', '=', tipId).execute()).length, 0);
      const left = new Set(await fs.readdir(site.config.tipsDir));
      for (const f of files) for (const name of [f.stored_as, f.preview_as]) if (name) assert.equal(left.has(name), false);
      const log = await site.web.db.selectFrom('tip_access_log').select('action').where('tip_id', '=', tipId).execute();
      assert.ok(log.some((l) => l.action === 'source-deleted'));
      assert.equal((await source.post('/tips/status', { _csrf: csrf, receipt })).statusCode, 404);
    });
  });
}
