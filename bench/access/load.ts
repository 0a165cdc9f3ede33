// One autocannon run against one target, reduced to what the access benchmark reports.
import autocannon from 'autocannon';

export type Load = { name: string; connections: number; rps: number; p50: number; p99: number; requests: number; ok: number; failures: number };

export type LoadTarget = {
  name: string;
  base: string;
  path: string;
  /** Headers per request, e.g. to spread calls over several API keys. */
  keyed?: () => Record<string, string>;
  /** Text every answer must contain (checked once before measuring). */
  expect?: string;
  connections: number;
  seconds: number;
};

export async function load(t: LoadTarget): Promise<Load> {
  const url = new URL(t.path, t.base).toString();
  if (t.expect) {
    const text = await fetch(url, { headers: t.keyed?.() }).then((r) => r.text());
    if (!text.includes(t.expect)) throw new Error(`${t.name}: expected ${JSON.stringify(t.expect)}, got ${text.slice(0, 300)}`);
  }
  const r = await autocannon({
    url,
    connections: t.connections,
    duration: t.seconds,
    requests: t.keyed ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...t.keyed!() } }) }] : undefined,
  });
  return {
    name: t.name,
    connections: t.connections,
    rps: r.requests.total / t.seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    ok: r['2xx'] + (t.expect ? 1 : 0),
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** Polls until the server answers (or its process has exited). */
export async function waitUntilUp(url: string, exited: () => boolean, ms = 60_000): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    if (exited()) throw new Error(`The server behind ${url} exited before it was ready`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (performance.now() > deadline) throw new Error(`${url} did not answer within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
