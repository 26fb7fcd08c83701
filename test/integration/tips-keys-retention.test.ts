// The tip key's rotation and the retention of closed tips, on both engines, through the module
// calls the CLI and the daily job make: after a new key and a rekey everything opens with the
// new key alone; closed tips past their period go with their files and leave a line in the log;
// open and recent tips stay; stray files a day old go.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  addKey,
  downloadTipFile,
  loadKeyring,
  openTip,
  parseKeyring,
  purgeOldTips,
  receiveTipFile,
  resealTips,
  setTipStatus,
  submitTip,
  type TipsContext,
} from '../../src/modules/tips/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';
import { addStaff, type Staff } from '../helpers/staff.ts';

const note = Buffer.from('Ledger page 14: payments to the paving firm, March to May.\n');

for (const dialect of DIALECTS) {
  describe(`tip keys and retention [${dialect}]`, { skip: skipReason(dialect) }, () => {
    let site: TestSite;
    let staff: Staff;
    let ctx: TipsContext;
    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      staff = await addStaff(site, ['editor']);
      ctx = site.app.tips;
    });
    after(() => site?.close());

    const editor = () => ({ id: staff.users.editor!.id, name: 'Staff editor', role: 'editor' as const });
    let n = 0;
    const tip = async (what: string) => {
      const stored = await receiveTipFile(ctx.store, Readable.from([note]), { name: 'ledger.txt', claimedType: 'text/plain', truncated: () => false });
      assert.ok(stored.ok);
      const receipt = await submitTip(ctx, { what, whereWhen: '', name: '', contact: '', consent: false, honeypot: '', proof: undefined, network: `192.0.2.${++n}`, files: [stored.stored], refused: [] });
      return receipt.tipId;
    };
    const read = async (context: TipsContext, tipId: string) => {
      const view = await openTip(context, editor(), tipId);
      const file = await downloadTipFile(context, editor(), tipId, view.files[0]!.id, false);
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      return { what: view.content.what, file: Buffer.concat(chunks) };
    };

    it('moves every tip to a new key, after which the old key can go', async () => {
      const first = await tip('The paving contract was signed before the tender closed.');
      const file = site.config.tipKeyFile;
      const oldId = loadKeyring(file).keyring.current.id;
      const newId = addKey(file);
      const both = loadKeyring(file).keyring;
      assert.equal(both.current.id, newId);
      assert.ok(both.byId.has(oldId));
      const rotated: TipsContext = { ...ctx, store: { ...ctx.store, keyring: both } };
      const second = await tip('A second tip, still sealed with the old key by a server not yet restarted.');
      const counts = await resealTips(rotated);
      assert.equal(counts.tips, 2);
      assert.ok(counts.files >= 2);
      assert.equal((await resealTips(rotated)).tips, 0, 'a second run finds nothing to do');
      // The new key alone opens everything.
      const onlyNew: TipsContext = { ...ctx, store: { ...ctx.store, keyring: parseKeyring(`${newId} ${both.current.key.toString('base64')}`, 'new-only') } };
      for (const id of [first, second]) {
        const opened = await read(onlyNew, id);
        assert.deepEqual(opened.file, note);
        assert.match(opened.what, /paving contract|second tip/);
      }
      const log = await site.web.db.selectFrom('tip_access_log').select('action').where('tip_id', '=', first).execute();
      assert.ok(log.some((l) => l.action === 'resealed'));
      ctx = onlyNew;
    });

    it('deletes closed tips past their period with their files, and keeps open and recent ones', async () => {
      const old = await tip('Closed long ago.');
      const recent = await tip('Closed yesterday.');
      const open = await tip('Still open.');
      await setTipStatus(ctx, editor(), old, 'declined');
      await setTipStatus(ctx, editor(), recent, 'used');
      const longAgo = new Date(Date.now() - 100 * 86_400_000).toISOString();
      await site.web.db.updateTable('tips').set({ closed_at: longAgo }).where('id', '=', old).execute();
      const oldFiles = await site.web.db.selectFrom('tip_files').select('stored_as').where('tip_id', '=', old).execute();
      const stray = path.join(site.config.tipsDir, 'left-by-a-crash.sealed');
      fs.writeFileSync(stray, 'x');
      const dayOld = new Date(Date.now() - 2 * 86_400_000);
      fs.utimesSync(stray, dayOld, dayOld);
      const fresh = path.join(site.config.tipsDir, 'being-written.sealed');
      fs.writeFileSync(fresh, 'x');

      const counts = await purgeOldTips(ctx, 90);
      assert.deepEqual({ tips: counts.tips, strayFiles: counts.strayFiles }, { tips: 1, strayFiles: 1 });
      const left = await site.web.db.selectFrom('tips').select('id').execute();
      const ids = new Set(left.map((t) => t.id));
      assert.equal(ids.has(old), false);
      assert.ok(ids.has(recent) && ids.has(open));
      for (const f of oldFiles) assert.equal(fs.existsSync(path.join(site.config.tipsDir, f.stored_as)), false);
      assert.equal(fs.existsSync(stray), false);
      assert.equal(fs.existsSync(fresh), true, 'a file written now is not a stray');
      await fsp.rm(fresh);
      const log = await site.web.db.selectFrom('tip_access_log').select(['action', 'actor_name']).where('tip_id', '=', old).execute();
      assert.ok(log.some((l) => l.action === 'purged' && l.actor_name === 'the system'));
      assert.equal((await purgeOldTips(ctx, 90)).tips, 0);
    });
  });
}
