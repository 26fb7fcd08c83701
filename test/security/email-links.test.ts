// Security review #10.7 and #10.13: an emailed link (a change of address, a reset, a
// verification) outlived a password reset, a password change and signing out everywhere, so
// someone who once had the password could take the account back. Each of those now revokes
// every link the account has outstanding.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  changePassword,
  confirmEmailChange,
  createUser,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signOutEverywhere,
} from '../../src/modules/accounts/index.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const FIRST = 'first secret of mine';
let n = 0;

describeEachDialect('emailed links after a password changes hands', (get) => {
  const setUp = async () => {
    const db = get().handle.db;
    const email = `owner${++n}@example.org`;
    const user = await createUser(db, { email, displayName: `Owner ${n}`, password: FIRST, verified: true });
    // The attacker, who had the password, asks for the address to change to theirs, and for a reset.
    const change = await requestEmailChange(db, user.id, FIRST, `attacker${n}@example.org`);
    const reset = await requestPasswordReset(db, email);
    assert.ok(reset);
    return { db, user, email, change, reset };
  };

  it('a password reset revokes a pending change of address and other reset links', async () => {
    const { db, email, change, reset } = await setUp();
    const second = await requestPasswordReset(db, email);
    assert.ok(second);
    await resetPassword(db, second.token, 'the owner took it back');
    await assert.rejects(confirmEmailChange(db, change.token), { code: 'TOKEN_INVALID' });
    await assert.rejects(resetPassword(db, reset.token, 'the attacker tries again'), { code: 'TOKEN_INVALID' });
  });

  it('a password change revokes them too', async () => {
    const { db, user, change, reset } = await setUp();
    await changePassword(db, user.id, FIRST, 'a brand new passphrase', undefined);
    await assert.rejects(confirmEmailChange(db, change.token), { code: 'TOKEN_INVALID' });
    await assert.rejects(resetPassword(db, reset.token, 'the attacker tries again'), { code: 'TOKEN_INVALID' });
  });

  it('signing out everywhere revokes them too', async () => {
    const { db, user, change, reset } = await setUp();
    await signOutEverywhere(db, user.id);
    await assert.rejects(confirmEmailChange(db, change.token), { code: 'TOKEN_INVALID' });
    await assert.rejects(resetPassword(db, reset.token, 'the attacker tries again'), { code: 'TOKEN_INVALID' });
  });
});
