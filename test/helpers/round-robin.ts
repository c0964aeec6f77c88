import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A round-robin reverse proxy over loopback: request n goes to target n mod 2. */
export async function roundRobin(
  targets: string[],
): Promise<{ url: string; hits: number[]; server: Server }> {
  const hits = targets.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const index = next++ % targets.length;
    hits[index] = (hits[index] ?? 0) + 1;
    const target = new URL(targets[index] as string);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, hits, server };
}
