import { type AddressInfo, createServer, Socket as NetSocket, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server that passes everything through and lets a
 * test wait until the client has sent some text (e.g. a Redis command for a key): a positive
 * signal that a request left the client, even while the server behind is paused.
 */
export interface TapProxy {
  /** The proxy's address in the form of the target's URL (scheme kept). */
  url: string;
  /** Resolves once the client→server bytes (since the start or the last `forget`) contain `text`. */
  sent(text: string): Promise<void>;
  /** Forgets the bytes seen so far. */
  forget(): void;
  close(): Promise<void>;
}

export async function startTapProxy(target: string): Promise<TapProxy> {
  const parsed = new URL(target);
  const sockets = new Set<Socket>();
  let seen = '';
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  const server = createServer((client) => {
    const upstream = new NetSocket();
    upstream.connect(Number(parsed.port), parsed.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('data', (chunk: Buffer) => {
      // Keep a tail long enough to match text split across chunks.
      seen = (seen + chunk.toString('latin1')).slice(-65_536);
      for (const w of [...waiting]) {
        if (seen.includes(w.text)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(target);
  url.port = String(port);
  url.hostname = '127.0.0.1';
  return {
    url: url.toString(),
    sent: (text) =>
      seen.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve })),
    forget: () => {
      seen = '';
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
