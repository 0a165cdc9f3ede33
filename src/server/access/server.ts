import 'server-only';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock } from '@/lib/clock';
import { log } from '../log';
import { answerAccess, type AccessAnswer } from './answer';

// The access API in a process of its own (decision 026): a Next.js route handler costs more than
// the whole decision, so GET /api/v1/access is served here by node:http with the same code
// (answer.ts), database and audit trail. In production the proxy in front of the portal sends
// /api/v1/access here; the portal's own route stays as the fallback and for development.

const PATH = '/api/v1/access';
const MAX_URL = 4096;

/** Headers as the route handler sees them: like Next.js, the socket's address stands in for a
 * missing X-Forwarded-For. */
function headersOf(req: http.IncomingMessage): Pick<Headers, 'get'> {
  return {
    get(name: string) {
      const key = name.toLowerCase();
      const v = req.headers[key];
      if (v === undefined)
        return key === 'x-forwarded-for' ? (req.socket.remoteAddress ?? null) : null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

function send(res: http.ServerResponse, a: AccessAnswer) {
  const body = JSON.stringify(a.body);
  res.writeHead(a.status, {
    ...a.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const plain = (
  status: number,
  error: string,
  extra: Record<string, string> = {},
): AccessAnswer => ({
  status,
  headers: { 'Cache-Control': 'no-store', ...extra },
  body: { error },
});

export async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const rawUrl = req.url ?? '/';
    if (rawUrl.length > MAX_URL) return send(res, plain(414, 'uri_too_long'));
    const url = new URL(rawUrl, 'http://access.local');
    if (url.pathname === `${PATH}/ping`)
      return send(res, {
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        body: { ok: true },
      });
    if (url.pathname !== PATH) return send(res, plain(404, 'not_found'));
    if (req.method !== 'GET') return send(res, plain(405, 'method_not_allowed', { Allow: 'GET' }));
    send(
      res,
      await answerAccess({ headers: headersOf(req), searchParams: url.searchParams }, clock.now()),
    );
  } catch (error) {
    log.error('access server failed', { error });
    if (!res.headersSent) send(res, plain(503, 'temporarily_unavailable'));
  }
}

export type AccessServer = { url: string; close: () => Promise<void> };

export async function startAccessServer(port: number, host = '127.0.0.1'): Promise<AccessServer> {
  const server = http.createServer(
    { keepAliveTimeout: 65_000 },
    (req, res) => void handle(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const a = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${a.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
