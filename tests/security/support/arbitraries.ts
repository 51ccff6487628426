import fc from 'fast-check';
import { z } from 'zod';

/*
 * Inputs for a zod schema, for fuzzing: mostly values the schema's JSON
 * Schema describes (types, lengths, ranges, patterns, formats, enums), so
 * requests get past validation and reach the handlers and the database, and
 * at every level now and then a value of the wrong kind, so validation
 * itself is exercised. Zod's own JSON Schema export is the reading of the
 * schema: anything it can express is respected, and refinements it cannot
 * express are left to chance (and to the route's validation).
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
}

const char = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });

/** Characters that have broken parsers, SQL, URLs and logs before. */
const tricky = fc.constantFrom("'", '"', '\\', '%', '%00', '../', '\u202e', '\ufeff', '😀', '\r\n', '<script>', ' ');

/**
 * Text of those characters. Only fuzzed text may hold a NUL, which no input
 * accepts (a 400, never a 5xx); text meant to be accepted leaves it out.
 */
const text = (min = 0, max = 40, nul = true) =>
  fc.string({
    unit: nul
      ? fc.oneof({ arbitrary: char, weight: 4 }, { arbitrary: tricky, weight: 1 }, fc.constant('\u0000'))
      : fc.oneof({ arbitrary: char.filter((c) => c !== '\u0000'), weight: 4 }, { arbitrary: tricky, weight: 1 }),
    minLength: min,
    maxLength: max,
  });

/** A value of any kind, for the wrong-kind branch. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  text(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, 1e308, '', '0', 'null', 'true', '-1', '1e999'),
);

const dates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringArbitrary(schema: JsonSchema, nul: boolean): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, min + 60));
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
  const shapes: Array<fc.Arbitrary<string>> = [];
  if (schema.format === 'date-time') shapes.push(dates);
  if (schema.format === 'date') shapes.push(dates.map((d) => d.slice(0, 10)));
  if (schema.format === 'uuid') shapes.push(fc.uuid({ version: [4, 7] }));
  if (schema.format === 'email') shapes.push(fc.emailAddress());
  if (schema.pattern) shapes.push(fc.stringMatching(new RegExp(schema.pattern)).filter(fits));
  if (shapes.length === 0) shapes.push(text(min, max, nul));
  return fc.oneof(...shapes);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  if (integer) {
    const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.minimum;
    const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : schema.maximum;
    const lo = Math.max(min ?? -(2 ** 40), Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max ?? 2 ** 40, Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min: lo, max: Math.min(hi, lo + 1000) }), fc.integer({ min: lo, max: hi }));
  }
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(schema.minimum !== undefined || schema.exclusiveMinimum !== undefined
      ? { min: schema.minimum ?? schema.exclusiveMinimum, minExcluded: schema.minimum === undefined }
      : {}),
    ...(schema.maximum !== undefined || schema.exclusiveMaximum !== undefined
      ? { max: schema.maximum ?? schema.exclusiveMaximum, maxExcluded: schema.maximum === undefined }
      : {}),
  });
}

class Reader {
  private readonly root: JsonSchema;
  private readonly mutate: boolean;

  constructor(root: JsonSchema, mutate: boolean) {
    this.root = root;
    this.mutate = mutate;
  }

  read(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const fitting = this.fitting(schema, depth);
    if (!this.mutate) return fitting;
    return fc.oneof({ arbitrary: fitting, weight: 12 }, { arbitrary: junk, weight: 1 });
  }

  private fitting(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth > 6) return junk;
    if (schema.$ref) return this.read(this.resolve(schema.$ref), depth + 1);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union && union.length > 0) return fc.oneof(...union.map((s) => this.read(s, depth + 1)));
    if (schema.allOf && schema.allOf.length > 0)
      return this.read(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((type) => this.fitting({ ...schema, type }, depth)));
    switch (types[0]) {
      case 'string':
        return stringArbitrary(schema, this.mutate);
      case 'integer':
        return numberArbitrary(schema, true);
      case 'number':
        return numberArbitrary(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return this.array(schema, depth);
      case 'object':
        return this.object(schema, depth);
      default:
        return junk;
    }
  }

  private array(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s) => this.read(s, depth + 1)));
    const minLength = schema.minItems ?? 0;
    const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, minLength + 4));
    return fc.array(schema.items ? this.read(schema.items, depth + 1) : junk, { minLength, maxLength });
  }

  private object(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of Object.entries(properties)) model[key] = this.read(property, depth + 1);
    const requiredKeys = (schema.required ?? []).filter((key) => key in model);
    const record = fc.record(model, { requiredKeys });
    if (!this.mutate) return record;
    // Now and then a required field goes missing or an unknown one comes along.
    return fc.oneof(
      { arbitrary: record, weight: 8 },
      {
        arbitrary: fc
          .tuple(record, fc.constantFrom(...requiredKeys, '__proto__', 'constructor', 'extra'), junk)
          .map(([value, key, extra]) => {
            const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
            if (key in model) delete copy[key];
            else Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true });
            return copy;
          }),
        weight: 1,
      },
    );
  }

  private resolve(ref: string): JsonSchema {
    const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
    const found = name ? this.root.$defs?.[name] : undefined;
    return found ?? {};
  }
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Values the schema describes, now and then of the wrong kind. */
export function fuzzedValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = jsonSchemaOf(schema);
  return new Reader(json, true).read(json);
}

/** Values the schema describes, as far as its JSON Schema can say (refinements may still refuse some). */
export function fittingValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = jsonSchemaOf(schema);
  return new Reader(json, false).read(json);
}
