/** Minimal valid arguments for a tool, built from its advertised JSON input schema. */
export function sampleArgs(schema: Record<string, unknown>, mode?: Mode): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const names = mode?.all ? Object.keys(props) : ((schema.required ?? []) as string[]);
  const args: Record<string, unknown> = {};
  for (const name of names) args[name] = sampleValue(props[name] ?? {}, name, mode);
  return args;
}

/**
 * Arguments with every field a tool takes, required or not, down to nested objects and one item of
 * each array: what a test sends to see the API accept each field name, type and enum value.
 */
export function fullArgs(
  schema: Record<string, unknown>,
  pick: 'first' | 'last' = 'first',
): Record<string, unknown> {
  return sampleArgs(schema, { all: true, root: schema, pick });
}

interface Mode {
  all: boolean;
  /** Which enum value and which alternative of a union to send. */
  pick: 'first' | 'last';
  root: Record<string, unknown>;
}

function sampleValue(schema: Record<string, unknown>, name: string, mode?: Mode): unknown {
  let s = schema;
  if (typeof s.$ref === 'string' && mode) {
    const defs = mode.root.$defs as Record<string, Record<string, unknown>>;
    s = defs[s.$ref.replace('#/$defs/', '')] ?? {};
  }
  const alt = (s.anyOf ?? s.oneOf) as Record<string, unknown>[] | undefined;
  const alternatives = alt?.filter((a) => a.type !== 'null');
  const chosen = mode?.pick === 'last' ? alternatives?.[alternatives.length - 1] : alternatives?.[0];
  if (chosen) return sampleValue(chosen, name, mode);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return mode?.pick === 'last' ? s.enum[s.enum.length - 1] : s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      // One item with every field, else as many as the schema demands at least.
      if (mode && s.items) return [sampleValue(s.items as Record<string, unknown>, name, mode)];
      return Array.from({ length: typeof s.minItems === 'number' ? s.minItems : 0 }, () =>
        sampleValue((s.items ?? {}) as Record<string, unknown>, name, mode),
      );
    case 'object':
      return sampleArgs(s, mode);
    default:
      if (s.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
      if (s.format === 'uri') return 'https://example.com';
      if (s.format === 'date-time') return '2026-01-31T12:00:00Z';
      if (name === 'ip') return '203.0.113.7';
      return typeof s.minLength === 'number' && s.minLength > 1 ? 'x'.repeat(s.minLength) : 'x';
  }
}
