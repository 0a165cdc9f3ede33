// The page × caller matrix, on the wire (docs/decisions/017-data-access-layer.md): the production
// build, started on a database seeded with canary values, asked for every page and route it has
// (from its own manifests) by every kind of caller — as a full page load, as the RSC request of
// a client-side navigation, and every server action as a POST. Each answer's status is checked,
// and the whole answer (headers, HTML, RSC payload, redirect bodies) is scanned for canaries the
// caller may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtActions, builtRoutes, startApp, type RunningApp } from './app';
import { callRoute, getPage, getRsc, postAction, type Reply } from './http';
import { ROWS, type Outcome } from './rows';
import { AUDIENCE, buildWorld, CALLERS, type CanaryName, type Caller, type World } from './world';

let app: RunningApp;
let w: World;

beforeAll(async () => {
  w = await buildWorld();
  app = await startApp(process.env.DATABASE_URL!);
});
afterAll(async () => {
  await app?.stop();
});

const CANARIES = Object.keys(AUDIENCE) as CanaryName[];
/** The canaries in an answer that this caller may not see. */
const leaks = (caller: Caller, r: Reply) => CANARIES.filter((k) => r.body.includes(w.canary[k]) && !AUDIENCE[k].includes(caller));
const shown = (r: Reply) => CANARIES.filter((k) => r.body.includes(w.canary[k]));

function expectOutcome(r: Reply, o: Outcome, what: string) {
  if (o === 'sign-in') {
    expect(r.status, what).toBe(307);
    expect(r.location ?? '', what).toMatch(/^\/sign-in\?callbackUrl=/);
  } else expect(r.status, what).toBe(o);
}

// A client-side navigation's RSC request is first redirected to the same URL with its cache key
// (`_rsc`); the browser follows it, and so do we, scanning both answers.
async function navigate(path: string, cookie: string | null): Promise<Reply[]> {
  const first = await getRsc(app.url, path, cookie);
  if (first.status !== 307 || !first.location?.includes('_rsc')) return [first];
  return [first, await getRsc(app.url, first.location, cookie)];
}

describe('every page and route of the build', () => {
  it('has a row, and every row has a page or route', () => {
    const built = builtRoutes();
    expect(built.filter((r) => !(r in ROWS)), 'pages and routes without a row in tests/pages/rows.ts').toEqual([]);
    expect(Object.keys(ROWS).filter((r) => !built.includes(r)), 'rows whose page or route is gone').toEqual([]);
  });

  describe.each(Object.entries(ROWS))('%s', (name, row) => {
    it.each(CALLERS.map((c) => [c]))('as %s: the expected answer, and nothing the caller may not see', async (caller) => {
      const url = row.url(w);
      const cookie = w.cookies[caller];
      const replies: Reply[] = [];
      if (row.route) {
        const r = await callRoute(app.url, url, row.route.method, cookie, row.route.method === 'POST' ? '{}' : undefined);
        expectOutcome(r, row.outcome[caller], `${row.route.method} ${url}`);
        replies.push(r);
      } else {
        const html = await getPage(app.url, url, cookie);
        expectOutcome(html, row.outcome[caller], `GET ${url}`);
        const rsc = await navigate(url, cookie);
        // The RSC answer ends where the page load does: the same status, the same redirect, or
        // (once the payload streams) the same "not found" inside a 200.
        const last = rsc.at(-1)!;
        const o = row.outcome[caller];
        if (o === 'sign-in') expect(`${last.status} ${last.location ?? last.body}`, `RSC ${url}`).toMatch(/\/sign-in\?callbackUrl=/);
        else if (o === 404 && last.status === 200) expect(last.body, `RSC ${url}`).toContain('NEXT_HTTP_ERROR_FALLBACK;404');
        else expect(last.status, `RSC ${url}`).toBe(o);
        replies.push(html, ...rsc);
      }
      for (const r of replies) expect(leaks(caller, r), `canaries ${caller} received from ${url}`).toEqual([]);
      // Proof the scan sees real data: the callers who should see a canary here do.
      for (const [canary, who] of Object.entries(row.shows ?? {}) as [CanaryName, readonly Caller[]][]) {
        if (who.includes(caller)) expect(shown(replies[0]!), `${canary} on ${name} for ${caller}`).toContain(canary);
      }
    });
  });
});

describe('every server action of the build', () => {
  // Posted to the page with the most canaries, as a browser posts a form on it: what an action
  // answers, and any page it re-renders in that answer, is scanned like a page.
  it('has actions to call', () => {
    expect(builtActions().length).toBeGreaterThan(30);
  });

  it.each(CALLERS.map((c) => [c]))('as %s: no action answers with a canary the caller may not see', async (caller) => {
    const at = `/admin/enrolments/${w.ids.canaryEnrolment}`;
    const failures: string[] = [];
    for (const a of builtActions()) {
      const r = await postAction(app.url, at, a.id, w.cookies[caller], [{}]);
      const leaked = leaks(caller, r);
      if (r.status >= 500 || leaked.length) failures.push(`${a.file}#${a.name}: HTTP ${r.status} ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the server', () => {
  // A page that forgot to ask the policy table before a guarded read shows nothing either way,
  // but the refusal surfaces here as an error the server logged.
  it('logged no error while answering all of the above', () => {
    const errors = app.output().split('\n').filter((l) => /⨯|\berror\b/i.test(l));
    expect(errors).toEqual([]);
  });
});
