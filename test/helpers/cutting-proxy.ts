import type { AddressInfo } from 'node:net';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server that, while `cutAfter` is set, drops every
 * connection once that many request bytes have passed through it in total: a network that fails
 * in the middle of an upload. While `holdAfter` is set it drops a connection's request bytes once
 * that many have passed through it (the connection stays open): a request whose answer never
 * comes, until its client gives up.
 */
export interface CuttingProxy {
  url: string;
  cutAfter: number | undefined;
  holdAfter: number | undefined;
  /** Resolves once every held connection was closed by its client (at least one was held). */
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
  const held = new Set<Socket>();
  let allClosed: () => void = () => {};
  const heldClosed = new Promise<void>((resolve) => {
    allClosed = resolve;
  });
  const server: Server = createServer((client) => {
    let own = 0;
    const upstream = new NetSocket();
    upstream.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('data', (chunk: Buffer) => {
      passed += chunk.length;
      own += chunk.length;
      if (state.cutAfter !== undefined && passed > state.cutAfter) {
        state.cuts += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (state.holdAfter !== undefined && own > state.holdAfter) {
        if (!held.has(client)) {
          held.add(client);
          client.once('close', () => {
            held.delete(client);
            if (held.size === 0) allClosed();
          });
        }
        return; // read and dropped: the request never ends, and the client still sees the socket close
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
