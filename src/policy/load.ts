import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../config/error.js';
import { CompiledPolicy } from './match.js';
import { policySchema } from './schema.js';

/**
 * A policy file that could not be used, with the file and (when it parsed) the JSON pointer of the
 * first problem. At startup it stops the server like any bad setting (exit 2).
 */
export class PolicyFileError extends ConfigError {
  constructor(
    readonly file: string,
    readonly pointer: string | undefined,
    detail: string,
  ) {
    super(
      `policy file ${file}: ${pointer === undefined ? '' : `${pointer === '' ? '/' : pointer}: `}${detail}`,
    );
  }
}

/** Rules in force, where they came from and when they were read. */
export interface LoadedPolicy {
  file: string;
  loadedAt: Date;
  policy: CompiledPolicy;
}

/**
 * Reads, parses and validates a policy file; throws PolicyFileError naming the file and the first
 * problem. Synchronous: the file is read while the configuration is checked, before anything answers.
 */
export function loadPolicyFile(file: string): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyFileError(file, undefined, `cannot be read (${codeOf(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(
      file,
      undefined,
      `is not JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new PolicyFileError(
      file,
      issue ? pointerOf(issue) : '',
      issue?.message ?? 'does not match the policy schema',
    );
  }
  return { file, loadedAt: new Date(), policy: new CompiledPolicy(parsed.data) };
}

/** RFC 6901 pointer of an issue; an unknown key points at the key itself. */
function pointerOf(issue: z.core.$ZodIssue): string {
  const path =
    issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
  return ['', ...path.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1'))].join('/');
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'unreadable';
}
