/** An error the simulated API answers with: the real API's status and `{code, message}` body. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new SandboxHttpError(400, 'BAD_REQUEST', message, details);
export const unauthorized = (message = 'You must be logged in to access this resource.') =>
  new SandboxHttpError(401, 'UNAUTHORIZED', message);
export const notFound = (what: string, id: string) =>
  new SandboxHttpError(404, 'NOT_FOUND', `${what} not found: ${id}`);
export const conflict = (message: string) => new SandboxHttpError(409, 'CONFLICT', message);
