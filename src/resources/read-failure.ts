import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { ApiError, describeApiError } from '../client/errors.js';
import { redactError } from '../secrets.js';

/**
 * A failed read as the client sees it: the SDK relays a thrown error's message as is, so an API
 * error becomes this server's prose (the API's words quoted as data); every message is filtered.
 */
export function readFailure(error: unknown): unknown {
  if (error instanceof ApiError) {
    return redactError(new ProtocolError(ProtocolErrorCode.InternalError, describeApiError(error)));
  }
  return redactError(error);
}
