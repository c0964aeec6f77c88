import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Listens on a loopback port (0: a free one) and returns it with a close that also ends the open
 * connections, so a hung request or a keep-alive client never holds the server open.
 */
export async function listenOnLoopback(
  server: Server,
  port = 0,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The server is not listening on TCP');
  return {
    port: address.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
