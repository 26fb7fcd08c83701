// The project's own annotated examples (written here, issue #16): each passage with every
// attribution a careful reader would mark, and nothing else. A found attribution matches an
// expected one when its content covers at least half of the expected words and they of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attribute } from './attribute.ts';
import type { Attribution, AttributionKind, SpeakerType, Stance } from './types.ts';

interface Expected {
  kind: AttributionKind;
  /** The content's words as they stand in the passage (marks included for quotes). */
  content: string;
  speaker: string | null;
  type?: SpeakerType;
  role?: string;
  cue?: string;
  stance?: Stance;
  /** The words naming the speaker at this place ("he", "the spokesman"). */
  source?: string;
}

interface Example {
  name: string;
  text: string;
  expect: Expected[];
}

const EXAMPLES: Example[] = [
  {
    name: 'quote then cue, with the role before the name',
    text: '“The bridge will reopen on Friday,” said county engineer Marta Lindqvist.',
    expect: [{ kind: 'direct', content: '“The bridge will reopen on Friday,”', speaker: 'Marta Lindqvist', type: 'person', role: 'county engineer', cue: 'said', stance: 'asserts' }],
  },
  {
    name: 'name and cue after the quote',
    text: '“We counted every ballot twice,” Deputy Clerk Ray Osei said.',
    expect: [{ kind: 'direct', content: '“We counted every ballot twice,”', speaker: 'Ray Osei', cue: 'said' }],
  },
  {
    name: 'a split quote',
    text: '“The water came up faster than anyone expected,” Chief Dana Whitcomb said, “and we had to move the trucks twice.”',
    expect: [{ kind: 'direct', content: '“The water came up faster than anyone expected,” Chief Dana Whitcomb said, “and we had to move the trucks twice.”', speaker: 'Dana Whitcomb', cue: 'said' }],
  },
  {
    name: 'a quote running on into the next sentence',
    text: '“Nobody was hurt,” said Fire Marshal Leo Brandt. “The alarm did exactly what it was meant to do.”',
    expect: [{ kind: 'direct', content: '“Nobody was hurt,” said Fire Marshal Leo Brandt. “The alarm did exactly what it was meant to do.”', speaker: 'Leo Brandt', role: 'Fire Marshal' }],
  },
  {
    name: 'a quote over several paragraphs, the opening mark repeated',
    text: 'Principal Ada Moreno wrote to parents on Sunday:\n\n“The roof over the gym failed its inspection, and I will not put children under it.\n\n“Classes move to the library wing from Monday until the repair is done.”',
    expect: [{ kind: 'direct', content: '“The roof over the gym failed its inspection, and I will not put children under it.\n\n“Classes move to the library wing from Monday until the repair is done.”', speaker: 'Ada Moreno', role: 'Principal', cue: 'wrote' }],
  },
  {
    name: 'a pronoun speaker resolved to the last named person',
    text: 'Harbor pilot Jonas Abernathy has guided tankers into the bay for thirty years.\n\n“I have never seen fog sit this long,” he said.',
    expect: [{ kind: 'direct', content: '“I have never seen fog sit this long,”', speaker: 'Jonas Abernathy', source: 'he', cue: 'said' }],
  },
  {
    name: 'she: the woman, not the man named after her',
    text: 'Mrs. Priya Raman met Mr. Tobias Kell at the hearing. “We will appeal,” she said.',
    expect: [{ kind: 'direct', content: '“We will appeal,”', speaker: 'Priya Raman', source: 'she' }],
  },
  {
    name: 'surname later resolves to the full name',
    text: 'Kremlin spokesman Dmitry Peskov spoke to reporters. “There is nothing to discuss,” Peskov said.',
    expect: [{ kind: 'direct', content: '“There is nothing to discuss,”', speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', source: 'Peskov' }],
  },
  {
    name: 'a description resolved to whoever held the role',
    text: 'The ministry’s spokesman, Arvid Holm, declined to give numbers. “The review is not finished,” the spokesman said.',
    expect: [{ kind: 'direct', content: '“The review is not finished,”', speaker: 'Arvid Holm', source: 'the spokesman' }],
  },
  {
    name: 'a mixed quote: a paraphrase with a quoted fragment',
    text: 'The mayor dismissed the audit as “another fishing trip” by her opponents.',
    expect: [{ kind: 'mixed', content: 'the audit as “another fishing trip” by her opponents', speaker: 'The mayor', type: 'unnamed', cue: 'dismissed', stance: 'dismisses' }],
  },
  {
    name: 'a mixed quote with the cue after it',
    text: 'The new levy is “a tax on staying home,” council member Rosa Fiel said.',
    expect: [{ kind: 'mixed', content: 'The new levy is “a tax on staying home,”', speaker: 'Rosa Fiel', cue: 'said' }],
  },
  {
    name: 'a mixed quote after said that',
    text: 'Superintendent Carl Maddox said that the budget gap was “manageable but real” and that no teacher would lose a job.',
    expect: [{ kind: 'mixed', content: 'that the budget gap was “manageable but real” and that no teacher would lose a job', speaker: 'Carl Maddox', role: 'Superintendent' }],
  },
  {
    name: 'indirect: said that',
    text: 'The sheriff’s office said that the two hikers were found late on Tuesday.',
    expect: [{ kind: 'indirect', content: 'that the two hikers were found late on Tuesday', speaker: 'The sheriff’s office', type: 'organisation', cue: 'said' }],
  },
  {
    name: 'indirect: told somebody that',
    text: 'Coach Elena Varga told players on Monday that practice would move indoors.',
    expect: [{ kind: 'indirect', content: 'that practice would move indoors', speaker: 'Elena Varga', cue: 'told' }],
  },
  {
    name: 'indirect: the cue at the end',
    text: 'The plant will hire forty people by spring, the company said.',
    expect: [{ kind: 'indirect', content: 'The plant will hire forty people by spring', speaker: 'the company', type: 'organisation', cue: 'said' }],
  },
  {
    name: 'indirect: according to, both ways',
    text: 'According to the state health department, flu cases doubled in November.\n\nThe ferry ran empty for most of the week, according to harbour records.',
    expect: [
      { kind: 'indirect', content: 'flu cases doubled in November', speaker: 'the state health department', type: 'organisation', cue: 'According to', stance: 'reports' },
      { kind: 'indirect', content: 'The ferry ran empty for most of the week', speaker: 'harbour records', cue: 'according to' },
    ],
  },
  {
    name: 'an unnamed source',
    text: '“The offer is on the table until Friday,” a source close to the negotiations said.',
    expect: [{ kind: 'direct', content: '“The offer is on the table until Friday,”', speaker: 'a source close to the negotiations', type: 'unnamed' }],
  },
  {
    name: 'an unnamed source in intelligence',
    text: 'A source in Ukrainian intelligence said the claim could be accurate.',
    expect: [{ kind: 'indirect', content: 'the claim could be accurate', speaker: 'A source in Ukrainian intelligence', type: 'unnamed', cue: 'said' }],
  },
  {
    name: 'an organisation speaks',
    text: '“Service will be restored by midnight,” Northgate Power said in a statement.',
    expect: [{ kind: 'direct', content: '“Service will be restored by midnight,”', speaker: 'Northgate Power', cue: 'said' }],
  },
  {
    name: 'stances from the cue',
    text: 'Councillor Imre Szabo denied that he had seen the report. Treasurer Nia Holt warned that reserves would run out in March.',
    expect: [
      { kind: 'indirect', content: 'that he had seen the report', speaker: 'Imre Szabo', stance: 'denies' },
      { kind: 'indirect', content: 'that reserves would run out in March', speaker: 'Nia Holt', stance: 'warns' },
    ],
  },
  {
    name: 'the speaker and cue introduce the quote with a colon',
    text: 'Mayor Tomasz Wren put it bluntly on Thursday. Wren said: “We cannot pave our way out of this.”',
    expect: [{ kind: 'direct', content: '“We cannot pave our way out of this.”', speaker: 'Tomasz Wren', role: 'Mayor', cue: 'said' }],
  },
  {
    name: 'German marks',
    text: '„Wir bauen die Brücke neu“, said Mayor Anke Vogt. Engineer Felix Roth added: „Der Beton ist alt.“',
    expect: [{ kind: 'direct', content: '„Wir bauen die Brücke neu“', speaker: 'Anke Vogt', role: 'Mayor' }, { kind: 'direct', content: '„Der Beton ist alt.“', speaker: 'Felix Roth', cue: 'added' }],
  },
  {
    name: 'French guillemets with an English frame',
    text: '«Nous resterons ouverts tout l’hiver,» said baker Odile Marchand.',
    expect: [{ kind: 'direct', content: '«Nous resterons ouverts tout l’hiver,»', speaker: 'Odile Marchand', role: 'baker' }],
  },
  {
    name: 'single guillemets and reversed guillemets',
    text: '‹We open at dawn,› said gatekeeper Bo Lund. »The path is closed after dark,« said ranger Mia Sandberg.',
    expect: [
      { kind: 'direct', content: '‹We open at dawn,›', speaker: 'Bo Lund' },
      { kind: 'direct', content: '»The path is closed after dark,«', speaker: 'Mia Sandberg' },
    ],
  },
  {
    name: 'straight quotes',
    text: '"The vote stands," said election judge Hal Pruitt. "Anyone can ask for a recount."',
    expect: [{ kind: 'direct', content: '"The vote stands," said election judge Hal Pruitt. "Anyone can ask for a recount."', speaker: 'Hal Pruitt' }],
  },
  {
    name: 'a quote signed with a dash',
    text: '“This library raised me.” ― Corinne Abara',
    expect: [{ kind: 'direct', content: '“This library raised me.”', speaker: 'Corinne Abara', cue: '―' }],
  },
  {
    name: 'a title in quotes is nobody speaking',
    text: 'The school staged “Our Town” last spring, and the band played “Autumn Leaves” twice.',
    expect: [],
  },
  {
    name: 'scare quotes with no cue',
    text: 'The so-called “temporary” bridge has stood since 1994.',
    expect: [],
  },
  {
    name: 'a quote with the cue sentence after it',
    text: '“Keep your pets inside tonight.” That was the advice from animal control officer Sam Kirby.',
    expect: [{ kind: 'direct', content: '“Keep your pets inside tonight.”', speaker: null }],
  },
  {
    name: 'two speakers in turn',
    text: '“The plan is sound,” said planner Ivo Petrov.\n\n“It is not,” said resident Grace Mensah. “Nobody asked us.”\n\nPetrov said the meetings were advertised for a month.',
    expect: [
      { kind: 'direct', content: '“The plan is sound,”', speaker: 'Ivo Petrov' },
      { kind: 'direct', content: '“It is not,” said resident Grace Mensah. “Nobody asked us.”', speaker: 'Grace Mensah' },
      { kind: 'indirect', content: 'the meetings were advertised for a month', speaker: 'Ivo Petrov', source: 'Petrov' },
    ],
  },
  {
    name: 'a quote-only paragraph goes on from the speaker before',
    text: '“We lost the whole harvest,” farmer Lucia Benedetti said.\n\n“Insurance covers a third of it, if we are lucky.”',
    expect: [
      { kind: 'direct', content: '“We lost the whole harvest,”', speaker: 'Lucia Benedetti' },
      { kind: 'direct', content: '“Insurance covers a third of it, if we are lucky.”', speaker: 'Lucia Benedetti' },
    ],
  },
  {
    name: 'the inverted cue with a pronoun',
    text: 'Owen Pryce reopened the diner in May. “People came back the first morning,” said he, laughing.',
    expect: [{ kind: 'direct', content: '“People came back the first morning,”', speaker: 'Owen Pryce' }],
  },
  {
    name: 'apposition between the name and the cue',
    text: '“Tuition will not rise,” Helen Ostrova, the college’s president, said on Wednesday.',
    expect: [{ kind: 'direct', content: '“Tuition will not rise,”', speaker: 'Helen Ostrova', role: 'the college’s president' }],
  },
  {
    name: 'police as speakers',
    text: 'Police said the driver was not injured. “The road will stay closed overnight,” police said.',
    expect: [
      { kind: 'indirect', content: 'the driver was not injured', speaker: 'Police', type: 'organisation' },
      { kind: 'direct', content: '“The road will stay closed overnight,”', speaker: 'police', source: 'police' },
    ],
  },
  {
    name: 'a quote inside a quote stays in it',
    text: '“My father always told me, ‘Fix the roof before it rains,’” said roofer Dario Conti.',
    expect: [{ kind: 'direct', content: '“My father always told me, ‘Fix the roof before it rains,’”', speaker: 'Dario Conti' }],
  },
  {
    name: 'a headline with single marks',
    text: 'Mayor calls bypass ‘a road to nowhere’\n\nMayor Ruth Adeyemi said on Monday that the bypass had no future.',
    expect: [
      { kind: 'mixed', content: 'bypass ‘a road to nowhere’', speaker: 'Ruth Adeyemi', source: 'Mayor', cue: 'calls' },
      { kind: 'indirect', content: 'that the bypass had no future', speaker: 'Ruth Adeyemi' },
    ],
  },
];

function covers(found: Attribution, expected: Expected, text: string): boolean {
  const start = text.indexOf(expected.content);
  assert.ok(start >= 0, `the example's content is in its text: ${expected.content}`);
  const end = start + expected.content.length;
  const overlap = Math.max(0, Math.min(end, found.content.end) - Math.max(start, found.content.start));
  return overlap >= 0.5 * (end - start) && overlap >= 0.5 * (found.content.end - found.content.start);
}

let total = 0;
for (const example of EXAMPLES) {
  total += example.expect.length;
  test(`attribution: ${example.name}`, () => {
    const found = attribute(example.text);
    for (const expected of example.expect) {
      const match = found.find((f) => covers(f, expected, example.text));
      assert.ok(match, `found ${expected.content}; got ${JSON.stringify(found.map((f) => f.content.text))}`);
      assert.equal(match.kind, expected.kind, expected.content);
      assert.equal(match.speaker?.name ?? null, expected.speaker, `speaker of ${expected.content}`);
      if (expected.type) assert.equal(match.speaker?.type, expected.type, `type of ${expected.speaker}`);
      if (expected.role) assert.equal(match.speaker?.role, expected.role, `role of ${expected.speaker}`);
      if (expected.cue) assert.equal(match.cue?.text, expected.cue, `cue of ${expected.content}`);
      if (expected.stance) assert.equal(match.stance, expected.stance, `stance of ${expected.content}`);
      if (expected.source) assert.equal(match.source?.text, expected.source, `source of ${expected.content}`);
      // Offsets and text agree: what the CLI prints can be found again in the file.
      assert.equal(example.text.slice(match.content.start, match.content.end), match.content.text);
    }
    const extra = found.filter((f) => !example.expect.some((e) => covers(f, e, example.text)));
    assert.deepEqual(extra.map((f) => f.content.text), [], 'nothing found that nobody said');
  });
}

test('attribution: the examples hold as many attributions as they say', () => {
  assert.ok(total >= 40, `${total} annotated attributions`);
});
