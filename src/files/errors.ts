/**
 * A file operation that cannot go ahead, with a message the agent can act on. The registrar reports
 * its message as is (it never carries a key or a secret).
 */
export class FilesError extends Error {
  override readonly name = 'FilesError';
  /**
   * The message itself says exactly what the call changed before it failed (all of it undone),
   * so the registrar's "the change may have been applied" line would be wrong.
   */
  readonly settled: boolean;
  constructor(message: string, options?: ErrorOptions & { settled?: boolean }) {
    super(message, options);
    this.settled = options?.settled === true;
  }
}

/** S3 and socket failures, phrased for the agent; the provider's keys never appear in them. */
export function describeS3Error(error: unknown, where: string): string {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  if (e.code === 'ENOTFOUND' || e.code === 'ECONNREFUSED' || e.name === 'TimeoutError') {
    return `Could not reach ${where}: ${e.code ?? e.name}.`;
  }
  if (status === 403 || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch') {
    return `${where} refused the storage provider's credentials (${e.name ?? status}): update them with storage_providers_update.`;
  }
  if (e.name === 'NoSuchBucket') return `${where}: the bucket does not exist.`;
  return `${where} failed: ${e.name ?? 'Error'}${status ? ` ${status}` : ''}${e.message ? `: ${e.message}` : ''}`;
}
