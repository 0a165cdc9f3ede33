// The floor: a bare Node http server sending a fixed body. The portal's pages are measured
// against it, so the ratio says what rendering, sessions and the database cost on top of HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startFloor(body: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
