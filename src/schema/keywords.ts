import type { Ajv } from 'ajv';

/**
 * Declares the project's schema keywords so ajv's strict mode accepts them (and still rejects typos).
 * They are annotations: ajv checks their shape via metaSchema; the build derives keys and checks from them.
 */
export function addTableKeywords(ajv: Ajv): Ajv {
  const fieldList = { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true };
  ajv.addKeyword({ keyword: 'x-primaryKey', schemaType: 'array', metaSchema: fieldList });
  ajv.addKeyword({
    keyword: 'x-foreignKeys',
    schemaType: 'array',
    metaSchema: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fields', 'reference'],
        properties: {
          fields: fieldList,
          reference: {
            type: 'object',
            additionalProperties: false,
            required: ['resource', 'fields'],
            properties: { resource: { type: 'string' }, fields: fieldList },
          },
        },
      },
    },
  });
  // false = build-internal table: loaded into DuckDB for the checks, never released.
  ajv.addKeyword({ keyword: 'x-publish', schemaType: 'boolean', metaSchema: { type: 'boolean' } });
  // true = the table holds the newspaper's own text, released under the text licence, not the package's.
  ajv.addKeyword({ keyword: 'x-textLicense', schemaType: 'boolean', metaSchema: { type: 'boolean' } });
  return ajv;
}
