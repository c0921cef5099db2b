import { z } from 'zod';

// The request schemas of the OpenAPI document, derived from the zod schemas that
// validate the requests, so the document cannot drift from what the API accepts.
// zod 3 has no JSON Schema output; this covers the constructs our schemas use and
// fails loudly on anything else (a new construct needs a line here, not a silent gap).

export type JsonSchema = Record<string, unknown>;

export function toJsonSchema(schema: z.ZodTypeAny): JsonSchema {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind } & Record<string, unknown>;
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString: {
      const out: JsonSchema = { type: 'string' };
      for (const check of def.checks as Array<{ kind: string; value?: number; regex?: RegExp }>) {
        if (check.kind === 'max') out.maxLength = check.value;
        if (check.kind === 'min') out.minLength = check.value;
        if (check.kind === 'regex') out.pattern = check.regex!.source;
        if (check.kind === 'datetime') out.format = 'date-time';
      }
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodNumber: {
      const checks = def.checks as Array<{ kind: string; value?: number; inclusive?: boolean }>;
      const out: JsonSchema = { type: checks.some((c) => c.kind === 'int') ? 'integer' : 'number' };
      for (const check of checks) {
        if (check.kind === 'min') out[check.inclusive ? 'minimum' : 'exclusiveMinimum'] = check.value;
        if (check.kind === 'max') out[check.inclusive ? 'maximum' : 'exclusiveMaximum'] = check.value;
      }
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return { type: 'boolean' };
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return { const: def.value };
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return { type: 'string', enum: [...(def.values as string[])] };
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const out: JsonSchema = { type: 'array', items: toJsonSchema(def.type as z.ZodTypeAny) };
      if (def.maxLength) out.maxItems = (def.maxLength as { value: number }).value;
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodObject: {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        properties[key] = toJsonSchema(value);
        if (!value.isOptional() && (value._def as { typeName?: unknown }).typeName !== z.ZodFirstPartyTypeKind.ZodDefault)
          required.push(key);
      }
      const out: JsonSchema = { type: 'object', properties };
      if (required.length) out.required = required;
      if (def.unknownKeys === 'strict') out.additionalProperties = false;
      return out;
    }
    case z.ZodFirstPartyTypeKind.ZodUnion:
      return { anyOf: (def.options as z.ZodTypeAny[]).map(toJsonSchema) };
    case z.ZodFirstPartyTypeKind.ZodNullable: {
      const inner = toJsonSchema(def.innerType as z.ZodTypeAny);
      return typeof inner.type === 'string' ? { ...inner, type: [inner.type, 'null'] } : { anyOf: [inner, { type: 'null' }] };
    }
    case z.ZodFirstPartyTypeKind.ZodOptional:
      return toJsonSchema(def.innerType as z.ZodTypeAny);
    case z.ZodFirstPartyTypeKind.ZodDefault:
      return { ...toJsonSchema(def.innerType as z.ZodTypeAny), default: (def.defaultValue as () => unknown)() };
    case z.ZodFirstPartyTypeKind.ZodEffects:
      // refine/transform: the accepted input is the inner schema's.
      return toJsonSchema(def.schema as z.ZodTypeAny);
    default:
      throw new Error(`toJsonSchema: no JSON Schema for ${def.typeName}`);
  }
}
