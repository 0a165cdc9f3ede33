// A TCP proxy between the app and a server (PostgreSQL, SMTP) that a test can break on purpose:
// cut every open connection, refuse new ones for a while, or cut when the client sends a given
// piece of a statement (to fail a transaction at a chosen step).
import net from 'node:net';
import { monotonic } from './clock';

export type CutTrigger = {
  /** Cut when a client→server chunk contains this text (e.g. 'COMMIT', '"AuditEvent"'). */
  text: string;
  /** Whether the matching chunk reaches the server before the cut. */
  forward: boolean;
};

export type TcpProxy = {
  port: number;
  /** Connections accepted since start (a reconnecting pool opens new ones). */
  readonly accepted: number;
  /** Sockets currently open (two per proxied connection). */
  readonly open: number;
  /** Destroys every open connection at once, as a server crash or network cut would. */
  cutAll(): void;
  /** Stops listening: new connections are refused (ECONNREFUSED) until restore(). */
  refuse(): Promise<void>;
  /** New connections are accepted but never answered (a hung server or a dropping firewall). */
  stall(): void;
  /** Like stall(), and open connections stop carrying anything too (a frozen host). */
  freeze(): void;
  restore(): Promise<void>;
  /** Arms a one-shot cut; resolves once it fired. */
  cutOn(trigger: CutTrigger): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let trigger: (CutTrigger & { fired: () => void }) | null = null;
  let server: net.Server;
  let port = 0;
  let stalled = false;
  let frozen = false;

  const cutAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  const onConnection = (client: net.Socket) => {
    accepted++;
    if (stalled) {
      sockets.add(client);
      client.on('error', () => sockets.delete(client)).on('close', () => sockets.delete(client));
      client.resume(); // read and drop
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.on('data', (chunk: Buffer) => {
      if (!frozen) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (frozen) return;
      const t = trigger;
      if (t && chunk.includes(t.text)) {
        trigger = null;
        if (t.forward) {
          // Let the server have it, then cut before its answer can come back.
          upstream.write(chunk, () => {
            cutAll();
            t.fired();
          });
        } else {
          cutAll();
          t.fired();
        }
        return;
      }
      upstream.write(chunk);
    });
  };

  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  port = await listen(0);

  // close() stops accepting at once; its callback would wait for open connections to end.
  const stopListening = async () => {
    server.close();
  };

  return {
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    cutAll,
    refuse: stopListening,
    stall() {
      stalled = true;
    },
    freeze() {
      stalled = true;
      frozen = true;
    },
    async restore() {
      // A frozen connection lost what it carried: it cannot be resumed, only cut.
      frozen = false;
      if (stalled) {
        stalled = false;
        cutAll();
      }
      if (!server.listening) await listen(port);
    },
    cutOn(t) {
      return new Promise<void>((fired) => {
        trigger = { ...t, fired };
      });
    },
    async close() {
      trigger = null;
      cutAll();
      if (server.listening) await stopListening();
    },
  };
}

/** Polls until `check` returns a truthy value (or throws after the timeout, a generous limit
 * sized for a loaded machine, not an expectation of speed). */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 60_000,
  intervalMs = 25,
): Promise<NonNullable<T>> {
  const deadline = monotonic() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (monotonic() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
