import type { AddressInfo } from 'node:net';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server that, while `cutAfter` is set, drops every
 * connection once that many request bytes have passed through it in total: a network that fails
 * in the middle of an upload. While `holdAfter` is set it stops passing request bytes on once that
 * many have passed (the connection stays open): an upload that stalls until the client gives up.
 */
export interface CuttingProxy {
  url: string;
  cutAfter: number | undefined;
  holdAfter: number | undefined;
  /** Resolves once a held connection was closed by its client. */
  heldClosed(): Promise<void>;
  /** Connections dropped so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let passed = 0;
  const state = {
    cutAfter: undefined as number | undefined,
    holdAfter: undefined as number | undefined,
    cuts: 0,
  };
  let closedHeld: () => void = () => {};
  const heldClosed = new Promise<void>((resolve) => {
    closedHeld = resolve;
  });
  const server: Server = createServer((client) => {
    const upstream = new NetSocket();
    upstream.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('data', (chunk: Buffer) => {
      passed += chunk.length;
      if (state.cutAfter !== undefined && passed > state.cutAfter) {
        state.cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (state.holdAfter !== undefined && passed > state.holdAfter) {
        client.pause();
        client.once('close', closedHeld);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    get cutAfter() {
      return state.cutAfter;
    },
    set cutAfter(value) {
      passed = 0;
      state.cutAfter = value;
    },
    get holdAfter() {
      return state.holdAfter;
    },
    set holdAfter(value) {
      passed = 0;
      state.holdAfter = value;
    },
    heldClosed: () => heldClosed,
    get cuts() {
      return state.cuts;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
