// One autocannon run, reduced to the numbers the report needs.
import autocannon from 'autocannon';

export type Target = {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Called per request, e.g. to rotate API keys past a per-key rate limit. */
  perRequest?: () => Record<string, string>;
  /** A fresh body per request, e.g. a new submission key for a form. */
  perRequestBody?: () => string;
  /** Text the answer must contain, checked once before measuring. */
  expect?: string;
  /** Compared with an empty page of the same size, asked for with the same headers. */
  floor?: boolean;
};

export type Result = { name: string; connections: number; rps: number; p50: number; p97_5: number; p99: number; requests: number; failures: number };

export async function measure(base: string, t: Target, connections: number, seconds: number): Promise<Result> {
  const r = await autocannon({
    url: new URL(t.path, base).toString(),
    connections,
    duration: seconds,
    method: t.method ?? 'GET',
    headers: t.headers,
    body: t.body,
    requests:
      t.perRequest || t.perRequestBody
        ? [
            {
              setupRequest: (req) => ({
                ...req,
                headers: { ...req.headers, ...t.perRequest?.() },
                ...(t.perRequestBody && { body: t.perRequestBody() }),
              }),
            },
          ]
        : undefined,
  });
  return {
    name: t.name,
    connections,
    rps: r.requests.average,
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    requests: r.requests.total,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Rounds of one target as one result: requests per second over all rounds, the median of the
 * rounds' latencies (one slow round on a shared machine moves it less than a pooled p99), and
 * each round's p99 for the spread. */
export function combine(rounds: Result[]): Result & { p99s: number[] } {
  return {
    name: rounds[0]!.name,
    connections: rounds[0]!.connections,
    rps: rounds.reduce((a, r) => a + r.rps, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p97_5: median(rounds.map((r) => r.p97_5)),
    p99: median(rounds.map((r) => r.p99)),
    p99s: rounds.map((r) => r.p99),
    requests: rounds.reduce((a, r) => a + r.requests, 0),
    failures: rounds.reduce((a, r) => a + r.failures, 0),
  };
}

export type Row = Result & {
  /** Each round's p99, when the target was measured in rounds. */
  p99s?: number[];
  /** Requests per second as a share of the empty page of the same size (1 = as fast). */
  ratio: number | null;
  bytes: number | null;
  roundTrips: number | null;
};

export function table(rows: Row[]): string {
  const head =
    '| Target | Conn. | Bytes | Round trips | Requests/s | × empty page | p50 ms | p97.5 ms | p99 ms | p99 per round | Failed |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${r.connections} | ${r.bytes ?? '—'} | ${r.roundTrips === null ? '—' : r.roundTrips.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p97_5.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.p99s?.join(' / ') ?? '—'} | ${r.failures} |`,
  );
  return [head, ...lines].join('\n');
}
