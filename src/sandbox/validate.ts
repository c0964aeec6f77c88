import { badRequest } from './errors.js';
import { isRecord } from './values.js';

/**
 * Request validation as strict as the API reference allows: the query parameters and JSON body of
 * every route are checked against the reference's schema (src/sandbox/request-schemas.json,
 * generated from it by scripts/api-reference.mjs), so an unknown or misspelt field, a wrong type, a value outside an enum or a
 * missing required field gets the API's 400 `{code, message}` answer, whatever the tool sent.
 */

export interface FieldSchema {
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  required?: string[] | boolean;
  /** Undefined entries stand for nothing: JSON imports type `anyOf` alternatives' missing keys so. */
  properties?: Record<string, FieldSchema | undefined>;
  additionalProperties?: unknown;
  items?: FieldSchema;
  anyOf?: FieldSchema[];
}

/** A route's query parameters (none when absent) and JSON body (none allowed when absent). */
export interface RequestSchema {
  query?: Record<string, FieldSchema>;
  body?: { required: string[]; properties: Record<string, FieldSchema | undefined> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws the API's 400 for the first thing in the request the reference does not allow. */
export function validateRequest(schema: RequestSchema, query: Record<string, string>, body: unknown): void {
  const fields = schema.query ?? {};
  for (const [name, value] of Object.entries(query)) {
    const field = fields[name];
    if (!field) throw badRequest(`Unrecognized query parameter: ${name}`);
    fail(checkQueryValue(field, value, name));
  }
  for (const [name, field] of Object.entries(fields)) {
    if (field.required === true && !(name in query)) throw badRequest(`${name} is required`);
  }
  if (!schema.body) {
    if (body !== undefined && !isEmptyObject(body)) throw badRequest('This operation takes no request body');
    return;
  }
  // The client sends nothing for an empty body: that is `{}`.
  const value = body === undefined ? {} : body;
  fail(check({ type: 'object', ...schema.body }, value, ''));
}

function fail(problem: string | undefined): void {
  if (problem) throw badRequest(problem);
}

const isEmptyObject = (v: unknown) => isRecord(v) && Object.keys(v).length === 0;

/** Query values are strings: a number, integer or boolean is checked in its string form. */
function checkQueryValue(field: FieldSchema, raw: string, name: string): string | undefined {
  let value: unknown = raw;
  if (field.type === 'integer' || field.type === 'number') {
    value = raw.trim() === '' ? Number.NaN : Number(raw);
  } else if (field.type === 'boolean') {
    value = raw === 'true' ? true : raw === 'false' ? false : raw;
  }
  return check(field, value, name);
}

/** The first problem of `value` against `schema`, or undefined. */
function check(schema: FieldSchema, value: unknown, path: string): string | undefined {
  const at = path || 'body';
  if (value === null) return schema.nullable ? undefined : `${at} must not be null`;
  if (schema.anyOf) {
    const problems = schema.anyOf.map((alternative) => check(alternative, value, path));
    if (problems.some((p) => p === undefined)) return undefined;
    // The alternative whose first problem is deepest is the one the caller meant.
    return problems.sort((a, b) => depth(b) - depth(a))[0];
  }
  const typeProblem = checkType(schema, value, at);
  if (typeProblem) return typeProblem;
  if (schema.enum && !schema.enum.includes(value)) return `${at} must be one of: ${schema.enum.join(', ')}`;
  if (typeof value === 'string') return checkString(schema, value, at);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return `${at} must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum)
      return `${at} must be at most ${schema.maximum}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) {
      const problem = check(schema.items, item, `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  if (schema.type === 'object' && schema.properties && isRecord(value))
    return checkObject(schema, value, path);
  return undefined;
}

const depth = (problem: string | undefined) => problem?.split(' ')[0]?.split(/[.[]/).length ?? 0;

function checkType(schema: FieldSchema, value: unknown, at: string): string | undefined {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `${at} must be a string`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${at} must be a number`;
    case 'integer':
      return Number.isInteger(value) ? undefined : `${at} must be an integer`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${at} must be a boolean`;
    case 'array':
      return Array.isArray(value) ? undefined : `${at} must be an array`;
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? undefined : `${at} must be an object`;
    default:
      return undefined;
  }
}

function checkString(schema: FieldSchema, value: string, at: string): string | undefined {
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return schema.minLength === 1
      ? `${at} must not be empty`
      : `${at} must be at least ${schema.minLength} characters`;
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return `${at} must be at most ${schema.maxLength} characters`;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
    return `${at} must match ${schema.pattern}`;
  if (schema.format === 'uuid' && !UUID.test(value)) return `${at} must be a UUID`;
  if (schema.format === 'uri' && !URL.canParse(value)) return `${at} must be a URL`;
  return undefined;
}

function checkObject(schema: FieldSchema, value: Record<string, unknown>, path: string): string | undefined {
  const prefix = path ? `${path}.` : '';
  const properties = schema.properties ?? {};
  if (schema.additionalProperties === undefined) {
    for (const key of Object.keys(value)) {
      if (!(key in properties)) return `Unrecognized field: ${prefix}${key}`;
    }
  }
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (value[name] === undefined) return `${prefix}${name} is required`;
  }
  for (const [name, field] of Object.entries(properties)) {
    if (value[name] === undefined || field === undefined) continue;
    const problem = check(field, value[name], `${prefix}${name}`);
    if (problem) return problem;
  }
  return undefined;
}
