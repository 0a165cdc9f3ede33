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
};

export type Result = { name: string; connections: number; rps: number; p50: number; p99: number; requests: number; failures: number };

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
    p99: r.latency.p99,
    requests: r.requests.total,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

export function table(rows: Array<Result & { ratio: number | null }>): string {
  const head = '| Target | Connections | Requests/s | p50 ms | p99 ms | Failed | Floor ÷ target |\n| --- | --- | --- | --- | --- | --- | --- |';
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} | ${r.ratio === null ? '—' : `${r.ratio.toFixed(1)}×`} |`,
  );
  return [head, ...lines].join('\n');
}
