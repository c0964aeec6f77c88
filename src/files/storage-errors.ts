/**
 * Storage requests this server stopped itself (an endpoint it does not connect to, a deadline, a
 * body over its bound). The message is this server's own text, never the peer's, and completes
 * "Storage provider … at …: ".
 */
export class StorageRefusal extends Error {
  override name = 'StorageRefusal';
}

/**
 * A deadline of a storage request passed. Named TimeoutError so the S3 client retries it as it
 * retries its own timeouts.
 */
export class StorageTimeoutError extends StorageRefusal {
  override name = 'TimeoutError';
}

/** A response body went past what this server reads of it. */
export class StorageBodyError extends StorageRefusal {}
