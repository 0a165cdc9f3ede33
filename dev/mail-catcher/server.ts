// A local SMTP server that keeps what it receives in memory and shows it over HTTP, so
// development and tests can read the emails the app sends. Never used in production.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export type CaughtMessage = {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string; // when the catcher received it (ISO)
};

export type MailCatcher = { smtpPort: number; httpPort: number; close(): Promise<void> };

const HOST = '127.0.0.1';
const MAX_MESSAGES = 1000;
const MAX_SIZE = 10 * 1024 * 1024;

export async function startMailCatcher(opts: {
  smtpPort: number;
  httpPort: number;
}): Promise<MailCatcher> {
  const messages: CaughtMessage[] = []; // oldest first

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_SIZE,
    logger: false,
    banner: 'mail catcher',
    closeTimeout: 1000, // a dev tool: do not wait 30 s for idle clients on shutdown
    disableReverseLookup: true, // every client is local; a DNS lookup per connection only slows tests
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, done) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) {
            const err = Object.assign(new Error('Message exceeds the size limit'), {
              responseCode: 552,
            });
            return done(err);
          }
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          messages.push({
            id: randomUUID(),
            messageId: parsed.messageId ?? null,
            from: parsed.from?.text || envelopeFrom,
            // The envelope is who it was actually delivered to (including Bcc).
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            date: new Date().toISOString(),
          });
          if (messages.length > MAX_MESSAGES) messages.splice(0, messages.length - MAX_MESSAGES);
          done();
        })
        .catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
    },
  });

  // A client dropping its connection must not crash the catcher.
  const onSmtpError = () => {};

  const web = http.createServer((req, res) => {
    try {
      route(req, res, messages);
    } catch {
      send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    }
  });

  await listen((port, cb) => smtp.listen(port, HOST, cb), smtp, opts.smtpPort);
  smtp.on('error', onSmtpError);
  try {
    await listen((port, cb) => web.listen(port, HOST, cb), web, opts.httpPort);
  } catch (e) {
    await new Promise<void>((r) => smtp.close(() => r()));
    throw e;
  }

  let closed: Promise<void> | null = null;
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort: (web.address() as AddressInfo).port,
    close() {
      closed ??= Promise.all([
        new Promise<void>((r) => smtp.close(() => r())),
        new Promise<void>((r) => {
          web.close(() => r());
          web.closeAllConnections();
        }),
      ]).then(() => undefined);
      return closed;
    },
  };
}

function listen(
  start: (port: number, cb: () => void) => void,
  server: {
    once(ev: 'error', fn: (e: Error) => void): unknown;
    off(ev: 'error', fn: (e: Error) => void): unknown;
  },
  port: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    start(port, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function route(req: http.IncomingMessage, res: http.ServerResponse, messages: CaughtMessage[]) {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const newestFirst = () => [...messages].reverse();
  const find = (id: string) => messages.find((m) => m.id === id);

  if (path === '/api/messages') {
    if (method === 'GET') {
      const to = url.searchParams.get('to')?.trim().toLowerCase();
      const list = to
        ? newestFirst().filter((m) => m.to.some((r) => r.toLowerCase() === to))
        : newestFirst();
      return json(res, 200, list);
    }
    if (method === 'DELETE') {
      messages.length = 0;
      return json(res, 200, { deleted: true });
    }
    return notAllowed(res, 'GET, DELETE');
  }

  const apiOne = /^\/api\/messages\/([^/]+)$/.exec(path);
  if (apiOne) {
    if (method !== 'GET') return notAllowed(res, 'GET');
    const m = find(decodeURIComponent(apiOne[1]!));
    return m ? json(res, 200, m) : json(res, 404, { error: 'Not found' });
  }

  if (path === '/') {
    if (method !== 'GET') return notAllowed(res, 'GET');
    return html(res, 200, listPage(newestFirst()));
  }

  const pageOne = /^\/messages\/([^/]+)$/.exec(path);
  if (pageOne) {
    if (method !== 'GET') return notAllowed(res, 'GET');
    const m = find(decodeURIComponent(pageOne[1]!));
    return m ? html(res, 200, messagePage(m)) : html(res, 404, notFoundPage());
  }

  return json(res, 404, { error: 'Not found' });
}

function send(res: http.ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Email HTML is untrusted: no scripts anywhere, and the preview frame is sandboxed too.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  });
  res.end(body);
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
const html = (res: http.ServerResponse, status: number, body: string) =>
  send(res, status, 'text/html; charset=utf-8', body);

function notAllowed(res: http.ServerResponse, allow: string) {
  res.setHeader('Allow', allow);
  json(res, 405, { error: 'Method not allowed' });
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; line-height: 1.45; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ccc; vertical-align: top; }
  a { color: #0b57d0; }
  a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  pre { white-space: pre-wrap; background: #f5f5f5; padding: 1rem; border: 1px solid #ddd; }
  iframe { width: 100%; height: 32rem; border: 1px solid #999; background: #fff; }
  dt { font-weight: 600; } dd { margin: 0 0 0.5rem 0; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function listPage(list: CaughtMessage[]): string {
  const rows = list
    .map(
      (m) => `<tr>
  <td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td>
  <td>${escapeHtml(m.to.join(', '))}</td>
  <td><time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time></td>
</tr>`,
    )
    .join('\n');
  const body = list.length
    ? `<table>
<caption>${list.length} message${list.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Received</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p>No messages yet.</p>';
  return layout('Mail catcher', `<h1>Mail catcher</h1>\n${body}`);
}

function messagePage(m: CaughtMessage): string {
  const preview = m.html
    ? // srcdoc is an attribute, so the document is escaped once more; sandbox="" blocks scripts,
      // forms, navigation and same-origin access.
      `<iframe sandbox="" title="HTML version of the email" srcdoc="${escapeHtml(m.html)}"></iframe>`
    : '<p>This message has no HTML version.</p>';
  return layout(
    `${m.subject || '(no subject)'} · Mail catcher`,
    `<p><a href="/">Back to all messages</a></p>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>
  <dt>From</dt><dd>${escapeHtml(m.from)}</dd>
  <dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd>
  <dt>Received</dt><dd><time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time></dd>
  <dt>Message-ID</dt><dd>${escapeHtml(m.messageId ?? '(none)')}</dd>
</dl>
<h2>Plain text</h2>
<pre>${escapeHtml(m.text)}</pre>
<h2>HTML</h2>
${preview}`,
  );
}

function notFoundPage(): string {
  return layout(
    'Not found · Mail catcher',
    '<h1>Message not found</h1>\n<p><a href="/">Back to all messages</a></p>',
  );
}
