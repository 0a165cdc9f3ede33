// Counts database round trips from outside the app: a TCP proxy between the app and PostgreSQL
// that reads the client's side of the wire protocol and counts each Sync (the end of one
// extended-protocol query) and each simple Query. Nothing in the app changes for it.
import net from 'node:net';

export type PgCounter = { port: number; readonly roundTrips: number; reset(): void; close(): Promise<void> };

/** Parses one direction of a connection; the first message (startup or SSL request) has no type byte. */
function frontendParser(onMessage: (type: string) => void) {
  let buf = Buffer.alloc(0);
  let started = false;
  return (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (!started) {
        if (buf.length < 4) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = len >= 8 ? buf.readInt32BE(4) : 0;
        buf = buf.subarray(len);
        // SSL and GSS requests are followed by another untyped startup message.
        if (code !== 80877103 && code !== 80877104) started = true;
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) return;
      onMessage(String.fromCharCode(buf[0]!));
      buf = buf.subarray(len + 1);
    }
  };
}

export async function startPgCounter(target: { host: string; port: number }): Promise<PgCounter> {
  let roundTrips = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      // As the pg driver and PostgreSQL do: without it, Nagle's algorithm holds a small message
      // back until the previous one is acknowledged, adding up to 40 ms to some round trips.
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const parse = frontendParser((t) => {
      if (t === 'S' || t === 'Q') roundTrips++;
    });
    client.on('data', (d: Buffer) => {
      parse(d);
      upstream.write(d);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get roundTrips() {
      return roundTrips;
    },
    reset: () => void (roundTrips = 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
