/** An S3 error answer: the status, S3's error code and message, and the resource it names. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly resource: { bucket?: string; key?: string } = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }
}
