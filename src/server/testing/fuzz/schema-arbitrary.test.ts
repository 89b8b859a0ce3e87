import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { userInput } from '../../../shared/api/admin.js';
import { closeSignalInput, referralInput, reporterFeedbackInput, signalInput } from '../../../shared/api/signal.js';
import { boundaryValue, hostileValue, schemaLocations, validValue, violations, withValueAt, type JsonSchema } from './schema-arbitrary.js';

/**
 * The API fuzzer claims "this input must be refused with a field error" wherever `violations` finds one;
 * a wrong claim would be a false alarm in every run. So: what `violations` calls invalid, zod refuses too
 * (on request schemas of the API, converted as fastify-type-provider-zod does), and generated valid values
 * conform.
 */
const SCHEMAS = { signalInput, referralInput, reporterFeedbackInput, closeSignalInput, userInput };
const ctx = { ids: () => fc.uuid({ version: 4 }) };
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('JSON Schema → fast-check (the API fuzzer)', () => {
  it.each(Object.entries(SCHEMAS))('%s: what violations() calls invalid, zod refuses', (_name, schema) => {
    const json = toJson(schema);
    const locations = schemaLocations(json);
    const mutated = fc
      .tuple(validValue(json, ctx), fc.constantFrom(...locations))
      .chain(([body, loc]) => fc.oneof(boundaryValue(loc.schema, ctx), hostileValue(loc.schema, ctx)).map((v) => withValueAt(body, loc.path, v)));
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(validValue(json, ctx), mutated), (body) => {
        const sent = JSON.parse(JSON.stringify(body) ?? 'null') as unknown;
        if (violations(json, sent).length === 0) return;
        invalid++;
        expect(schema.safeParse(sent).success, JSON.stringify(sent).slice(0, 300)).toBe(false);
      }),
      { seed: 1, numRuns: 300 },
    );
    expect(invalid).toBeGreaterThan(50);
  });

  it.each(Object.entries(SCHEMAS))('%s: generated valid values conform', (_name, schema) => {
    const json = toJson(schema);
    fc.assert(
      fc.property(validValue(json, ctx), (body) => {
        expect(violations(json, JSON.parse(JSON.stringify(body)))).toEqual([]);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('counts code points as zod does, and names the field', () => {
    const json = toJson(z.object({ name: z.string().max(2) }));
    expect(violations(json, { name: '😀😀' })).toEqual([]);
    expect(violations(json, { name: '😀😀😀' })).toEqual(['name']);
    expect(violations(json, { name: 7 })).toEqual(['name']);
    expect(violations(json, {})).toEqual(['name']);
    expect(violations(json, [])).toEqual(['']);
  });
});
