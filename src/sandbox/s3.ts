/**
 * The sandbox's object storage: an S3-compatible server on a free loopback port, so the dataset
 * file tools work against the sandbox end to end. The sandbox starts its own in-memory emulator
 * (./s3/server.ts, loaded only when storage is wanted); tests may hand it another real S3 server.
 */
export interface SandboxS3 {
  /** Path-style endpoint, e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  /** Lets a storage provider's keys sign requests. */
  allowKeys(accessKey: string, secretAccessKey: string): void;
  createBucket(name: string): Promise<void>;
  /** Stores an object (the seeded dataset files), modified at `modified` where the server lets it say so. */
  putObject(bucket: string, key: string, body: Buffer, modified: Date): Promise<void>;
  close(): Promise<void>;
}

/** Starts an S3 server for the sandbox. */
export type StartS3 = () => Promise<SandboxS3>;

/** The built-in emulator, in memory and bounded (512 MiB unless `maxBytes` says otherwise). */
export const startEmulatedS3 =
  (maxBytes?: number): StartS3 =>
  async () => {
    const { startS3Emulator } = await import('./s3/server.js');
    const emulator = await startS3Emulator(maxBytes === undefined ? {} : { maxBytes });
    return {
      endpoint: emulator.endpoint,
      allowKeys: emulator.allowKeys,
      createBucket: async (name) => emulator.store.createBucket(name),
      putObject: async (bucket, key, body, modified) => {
        emulator.store.put(bucket, key, body, 'binary/octet-stream', {}, modified);
      },
      close: emulator.close,
    };
  };
