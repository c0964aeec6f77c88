/** Minimal valid arguments for a tool, built from its advertised JSON input schema. */
export function sampleArgs(schema: Record<string, unknown>): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = (schema.required ?? []) as string[];
  const args: Record<string, unknown> = {};
  for (const name of required) args[name] = sampleValue(props[name] ?? {}, name);
  return args;
}

function sampleValue(s: Record<string, unknown>, name: string): unknown {
  const alt = (s.anyOf ?? s.oneOf) as Record<string, unknown>[] | undefined;
  if (alt?.[0]) return sampleValue(alt[0], name);
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'array': {
      // As many items as the schema demands at least.
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: min }, () => sampleValue((s.items ?? {}) as Record<string, unknown>, name));
    }
    case 'object':
      return sampleArgs(s);
    default:
      if (s.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
      if (s.format === 'uri') return 'https://example.com';
      if (name === 'ip') return '203.0.113.7';
      return typeof s.minLength === 'number' && s.minLength > 1 ? 'x'.repeat(s.minLength) : 'x';
  }
}
