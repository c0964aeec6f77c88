import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { InvalidArgumentError } from '../../client/errors.js';
import { splitLegacyVersionId } from '../../resources/legacy-id.js';
import type { Operation } from '../define.js';
import { type Validator, withArgumentBounds } from './bounds.js';
import { buildRequest } from './execute.js';

interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * The first step of every call: the arguments held to the bounds every tool keeps (bounds.ts),
 * then to the row's zod schema. Issues are worded as the SDK words them ("path.to: message, …");
 * a failure is a protocol error the tools/call handler turns into a tool error.
 */
export async function validateArguments(
  name: string,
  schema: Validator,
  value: unknown,
): Promise<Record<string, unknown>> {
  const result = (await withArgumentBounds(schema)['~standard'].validate(value)) as {
    value?: unknown;
    issues?: readonly Issue[];
  };
  if (result.issues && result.issues.length > 0) {
    const issues = result.issues.map((issue) =>
      issue.path?.length
        ? `${issue.path.map((p) => String(typeof p === 'object' ? p.key : p)).join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Input validation error: Invalid arguments for tool ${name}: ${issues.join(', ')}`,
    );
  }
  return result.value as Record<string, unknown>;
}

/**
 * A route row's arguments made ready for its request: a legacy `datasetId:version` split, and the
 * path ids of rows that make their own requests (dataset files) held to the route's rule too.
 */
export function routeArguments(op: Operation, args: Record<string, unknown>): Record<string, unknown> {
  const ready = op.legacyVersionId ? splitVersionArgs(args) : args;
  if (op.execute) buildRequest(op, ready);
  return ready;
}

/** `datasetId: "dsXXXX:v2"` without version → `datasetId: "dsXXXX", version: "v2"`. */
function splitVersionArgs(args: Record<string, unknown>): Record<string, unknown> {
  if (args.version !== undefined) return args;
  const legacy = splitLegacyVersionId(String(args.datasetId ?? ''));
  if (!legacy) {
    throw new InvalidArgumentError(
      'version is required: give datasetId and version, or datasetId as datasetId:version (e.g. "dsr8k5qz1:v3").',
    );
  }
  return { ...args, ...legacy };
}
