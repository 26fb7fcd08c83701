// Two tips for the demo station's inbox, sent through the tip line's own use case (sealed like any
// other), so an editor signing in to a fresh demo finds something to open, assign and answer.
// Written for Masthead; the places are the demo station's invented ones.
import { Readable } from 'node:stream';
import { addToTipAsSource, receiveTipFile, submitTip, type TipsContext } from '../tips/index.ts';

const NOTES = `Crossing at Birch Lane and Route 9, school mornings
Mon: no guard, 7:40-8:05
Tue: no guard
Wed: a parent volunteered
Thu: no guard, two near misses with buses
`;

export async function seedDemoTips(ctx: TipsContext): Promise<number> {
  const have = await ctx.db.selectFrom('tips').select('id').limit(1).executeTakeFirst();
  if (have) return 0;
  const notes = await receiveTipFile(ctx.store, Readable.from([Buffer.from(NOTES)]), { name: 'crossing-log.txt', claimedType: 'text/plain', truncated: () => false });
  await submitTip(ctx, {
    what: 'There has been no crossing guard at Birch Lane Elementary since the start of October. Parents have been taking turns, but most mornings nobody is there and the buses come through fast. The district says the post is "being filled".',
    whereWhen: 'Birch Lane and Route 9, Kestrel Falls; weekday mornings since October',
    name: '',
    contact: '',
    consent: false,
    honeypot: '',
    proof: undefined,
    network: 'demo',
    files: notes.ok ? [notes.stored] : [],
    refused: [],
  });
  const second = await submitTip(ctx, {
    what: 'The old mill on Foundry Road is being cleared and trucks are leaving with loads covered in tarps at night. Nobody on our street was told, and there is no permit posted on the fence.',
    whereWhen: 'Foundry Road, after 10 p.m. this week',
    name: 'A neighbour',
    contact: 'neighbour@example.org',
    consent: true,
    honeypot: '',
    proof: undefined,
    network: 'demo',
    files: [],
    refused: [],
  });
  await addToTipAsSource(ctx, { receipt: second.code, text: 'Two more trucks tonight, around 11. One had a county contractor sign on the door.', files: [], refused: [] });
  return 2;
}
