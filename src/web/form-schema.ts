// Form bodies are described with TypeBox and checked by Fastify before a handler runs: each field
// a string of bounded length with no NUL byte (PostgreSQL refuses NUL in text), a repeated field
// or an oversized one refused at the edge. Forms that can be shown again ask for
// `attachValidation` and show the form with `formProblem(...)`; the rest get a 400 page that
// names the field in words, never the validator's own sentence.
import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import { Type, type Static, type TObject, type TOptional, type TString } from 'typebox';

const NO_NUL = '^[^\\u0000]*$';

type Fields<K extends string> = { [P in K]: TOptional<TString> };

/** An urlencoded form: the named fields, each optional text up to its length; others are ignored. */
export function formBody<const F extends Record<string, number>>(fields: F): TObject<Fields<Extract<keyof F, string>> & { _csrf: TOptional<TString> }> {
  const properties: Record<string, TOptional<TString>> = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
  for (const [name, maxLength] of Object.entries(fields)) properties[name] = Type.Optional(Type.String({ maxLength, pattern: NO_NUL }));
  return Type.Object(properties) as unknown as TObject<Fields<Extract<keyof F, string>> & { _csrf: TOptional<TString> }>;
}

export type FormOf<T extends TObject> = Static<T>;

/** The first problem of a failed form check, in words a reader can act on. */
export function formProblem(error: Pick<FastifyError, 'validation'> | null | undefined): string {
  const first: FastifySchemaValidationError | undefined = error?.validation?.[0];
  if (!first) return 'Part of the form could not be read. Please try again.';
  const field = first.instancePath.replace(/^\//, '') || String((first.params as { missingProperty?: string }).missingProperty ?? 'a field');
  switch (first.keyword) {
    case 'maxLength':
      return `The “${field}” field is too long (at most ${String((first.params as { limit?: number }).limit)} characters).`;
    case 'pattern':
      return `The “${field}” field contains a character this site cannot store.`;
    case 'type':
      return `The “${field}” field was sent more than once or in a form this site cannot read.`;
    default:
      return `The “${field}” field could not be read.`;
  }
}
