// The tip line's email: the receipt and reply notices to a source who gave an address, and the
// desk's notice of a new tip or a source's addition. None carries the tip's words or the receipt
// code: a mailbox read by someone else must not open the tip. The source's address is unsealed
// only here, at sending time (the outbox row holds a placeholder).
import type { EmailRenderers } from '../notify/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TipFileStore } from './tip-files.ts';
import { sourceAddressOf } from './tips-desk.service.ts';
import { tipReference } from './tips.service.ts';

export interface TipMailContext {
  db: Db;
  store: TipFileStore;
  publicUrl: string;
  siteName: () => string;
}

export const TIP_TEMPLATES = ['tip-receipt', 'tip-reply', 'tip-desk'] as const;

export function tipEmailRenderers(ctx: TipMailContext): EmailRenderers {
  const statusUrl = `${ctx.publicUrl}/tips/status`;
  const signOff = () => `— The newsroom at ${ctx.siteName()}`;
  return {
    async 'tip-receipt'(_row, data) {
      const source = await sourceAddressOf(ctx, String(data.tipId));
      if (!source) return null;
      return {
        to: source.address,
        subject: `We received your tip (${source.reference})`,
        text: [
          `Thank you for writing to ${ctx.siteName()}. Your tip ${source.reference} reached the newsroom, and an editor will read it.`,
          `To read our replies, add information or files, or delete your tip, go to ${statusUrl} and enter the receipt code you were shown after sending. We do not send the code by email, so this message alone cannot open your tip.`,
          signOff(),
        ].join('\n\n'),
      };
    },
    async 'tip-reply'(_row, data) {
      const source = await sourceAddressOf(ctx, String(data.tipId));
      if (!source) return null;
      return {
        to: source.address,
        subject: `The newsroom replied to your tip (${source.reference})`,
        text: [`There is a reply to your tip ${source.reference}. Read it at ${statusUrl} with your receipt code.`, signOff()].join('\n\n'),
      };
    },
    async 'tip-desk'(_row, data) {
      const tipId = String(data.tipId);
      const tip = await ctx.db.selectFrom('tips').select(['id', 'status']).where('id', '=', tipId).executeTakeFirst();
      if (!tip || tip.status === 'spam') return null;
      const added = data.what === 'added';
      return {
        subject: added ? `The source added to tip ${tipReference(tipId)}` : `New tip ${tipReference(tipId)}`,
        text: [
          added ? `The source of tip ${tipReference(tipId)} added to it.` : `A tip came in: ${tipReference(tipId)}.`,
          `Open it in the inbox (signed in): ${ctx.publicUrl}/desk/tips/${tipId}`,
          'This email carries none of the tip’s words, so that forwarding it reveals nothing.',
        ].join('\n\n'),
      };
    },
  };
}
