/**
 * Field-by-field comparison of a row's JSON Schema with the committed API reference
 * (test/contract/api-reference.json). Each function returns the differences as readable lines
 * (`path: what differs`), so a failing contract test names every drifted field at once.
 */

export type Json = Record<string, unknown>;

const BOUNDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern'] as const;

/** Resolves `$ref` into `$defs` and folds `anyOf: [X, {type: null}]` into a nullable X. */
function resolve(schema: Json, root: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    const { $ref: _, ...rest } = s;
    s = { ...((root.$defs as Record<string, Json>)[name] as Json), ...rest };
  }
  const alternatives = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alternatives) {
    const nonNull = alternatives.filter((a) => a.type !== 'null');
    if (nonNull.length === 1 && nonNull.length < alternatives.length) {
      const { anyOf: _a, oneOf: _o, ...rest } = s;
      const inner = resolve(nonNull[0] as Json, root);
      return { ...inner, ...rest, type: [...typesOf(inner), 'null'] };
    }
  }
  return s;
}

/** The JSON types a schema admits (empty: any). */
function typesOf(s: Json): string[] {
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  return s.nullable === true && !types.includes('null') ? [...types, 'null'] : types;
}

const enumOf = (s: Json): unknown[] | undefined =>
  (s.enum as unknown[] | undefined) ?? ('const' in s ? [s.const] : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (xs: Iterable<string>) => [...xs].sort();
const alternativesOf = (s: Json) =>
  ((s.anyOf ?? s.oneOf) as Json[] | undefined)?.filter((a) => a.type !== 'null');

/**
 * An input field against the reference: same type (and nullability), enum, format, default,
 * stated bounds, and for objects the same field names and required flags, recursively. The row
 * may add bounds the reference does not state (generic guards), nothing else.
 */
export function compareInput(ref: Json, rowSchema: Json, root: Json, path: string, out: string[]): void {
  const row = resolve(rowSchema, root);
  const refAlternatives = alternativesOf(ref);
  if (refAlternatives) {
    const rowAlternatives = alternativesOf(row);
    if (rowAlternatives?.length !== refAlternatives.length) {
      out.push(
        `${path}: ${refAlternatives.length} alternatives in the reference, ${rowAlternatives?.length ?? 0} here`,
      );
      return;
    }
    refAlternatives.forEach((alt, i) => {
      compareInput(alt, rowAlternatives[i] as Json, root, `${path}|${i}`, out);
    });
    return;
  }
  const refTypes = sorted(typesOf(ref));
  const rowTypes = sorted(typesOf(row));
  if (!same(refTypes, rowTypes))
    out.push(`${path}: type ${rowTypes.join('|') || 'any'}, reference ${refTypes.join('|')}`);
  const refEnum = enumOf(ref);
  const rowEnum = enumOf(row);
  if (refEnum || rowEnum) {
    if (!same(sorted((refEnum ?? []).map(String)), sorted((rowEnum ?? []).map(String))))
      out.push(`${path}: enum ${JSON.stringify(rowEnum)}, reference ${JSON.stringify(refEnum)}`);
  }
  if (ref.format !== row.format) out.push(`${path}: format ${row.format}, reference ${ref.format}`);
  if ('default' in ref || 'default' in row) {
    if (!same(ref.default, row.default))
      out.push(`${path}: default ${JSON.stringify(row.default)}, reference ${JSON.stringify(ref.default)}`);
  }
  for (const bound of BOUNDS) {
    if (bound in ref && ref[bound] !== row[bound])
      out.push(`${path}: ${bound} ${row[bound]}, reference ${ref[bound]}`);
  }
  if (ref.items) {
    if (row.items) compareInput(ref.items as Json, row.items as Json, root, `${path}[]`, out);
    else out.push(`${path}: items untyped`);
  }
  if (ref.properties || ref.additionalProperties !== undefined) {
    compareFields(
      (ref.properties ?? {}) as Record<string, Json>,
      (ref.required ?? []) as string[],
      row,
      root,
      path,
      out,
    );
    if (ref.additionalProperties !== undefined && row.additionalProperties === false)
      out.push(`${path}: refuses the free-form fields the reference allows`);
  }
}

/** The named fields of an object: same names, same required flags, each field compared. */
export function compareFields(
  refFields: Record<string, Json>,
  refRequired: readonly string[],
  row: Json,
  root: Json,
  path: string,
  out: string[],
  extra: readonly string[] = [],
): void {
  const rowFields = (row.properties ?? {}) as Record<string, Json>;
  const rowRequired = new Set((row.required ?? []) as string[]);
  const prefix = path ? `${path}.` : '';
  for (const name of Object.keys(rowFields)) {
    if (!(name in refFields) && !extra.includes(name)) out.push(`${prefix}${name}: not in the reference`);
  }
  for (const [name, refField] of Object.entries(refFields)) {
    const rowField = rowFields[name];
    if (!rowField) {
      out.push(`${prefix}${name}: missing`);
      continue;
    }
    if (refRequired.includes(name) !== rowRequired.has(name))
      out.push(
        `${prefix}${name}: required=${rowRequired.has(name)}, reference ${refRequired.includes(name)}`,
      );
    compareInput(refField, rowField, root, `${prefix}${name}`, out);
  }
}

/**
 * An output schema against the reference response: every field the row names exists there with
 * a type at least as wide (null included where the reference allows it), the row requires only
 * what the reference requires, and every object lets unknown fields through.
 */
export function compareOutput(ref: Json, rowSchema: Json, root: Json, path: string, out: string[]): void {
  const row = resolve(rowSchema, root);
  const rowTypes = typesOf(row);
  if (alternativesOf(ref) || rowTypes.length === 0) return; // any, or the reference's own alternatives
  const refTypes = typesOf(ref);
  for (const type of refTypes) {
    const admitted = rowTypes.includes(type) || (type === 'integer' && rowTypes.includes('number'));
    if (!admitted)
      out.push(`${path || '(root)'}: type ${rowTypes.join('|')} refuses ${type} the reference allows`);
  }
  if (rowTypes.includes('object')) {
    if (row.additionalProperties === false) out.push(`${path || '(root)'}: refuses unknown fields`);
    const refFields = (ref.properties ?? {}) as Record<string, Json>;
    const refRequired = (ref.required ?? []) as string[];
    const prefix = path ? `${path}.` : '';
    for (const name of (row.required ?? []) as string[]) {
      if (!refRequired.includes(name)) out.push(`${prefix}${name}: required here, optional in the reference`);
    }
    for (const [name, field] of Object.entries((row.properties ?? {}) as Record<string, Json>)) {
      const refField = refFields[name];
      if (!refField) out.push(`${prefix}${name}: not in the reference response`);
      else compareOutput(refField, field, root, `${prefix}${name}`, out);
    }
  }
  if (rowTypes.includes('array') && row.items && ref.items) {
    compareOutput(ref.items as Json, row.items as Json, root, `${path}[]`, out);
  }
}
