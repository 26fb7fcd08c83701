// Request shapes checked by Fastify before a handler runs; a mismatch is a 400 page, never a 500.
export const slugParams = {
  type: 'object',
  properties: { slug: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 120 } },
  required: ['slug'],
} as const;

export const pageQuery = {
  type: 'object',
  properties: { before: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' } },
  additionalProperties: true,
} as const;
