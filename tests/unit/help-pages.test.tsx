// The landing page, /help and the links that send people to an answer, rendered to HTML.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

const VIEWER_URL = 'https://viewer.example.test/start?from=portal&x=1';
vi.mock('@/server/env', () => ({
  env: () => ({ APP_NAME: 'my.CareConnect', VIEWER_URL, OIDC_MIN_ASSURANCE: 3 }),
}));
// Anonymous: no session, and any database read fails the render.
vi.mock('@/server/auth/session', () => ({ currentPerson: async () => null }));
vi.mock('@/server/db', () => ({
  db: () => {
    throw new Error('the landing page read the database for an anonymous visitor');
  },
}));

const { default: HomePage } = await import('@/app/page');
const { default: HelpPage } = await import('@/app/(public)/help/page');
const { default: RefusedPage } = await import('@/app/(public)/sign-in/refused/page');
const { AppShell } = await import('@/components/layout/app-shell');
const { REASONS, accessReason } = await import('@/server/access/rules');
const { HELP_ANCHOR, helpHref } = await import('@/lib/help');

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
const anchors = (html: string) => [...html.matchAll(/<a\b([^>]*)>(.*?)<\/a>/g)].map((m) => ({ attrs: m[1]!, label: text(m[2]!) }));
const hrefOf = (attrs: string) => /href="([^"]*)"/.exec(attrs)?.[1]?.replace(/&amp;/g, '&');
const ids = (html: string) => new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));

describe('landing page for an anonymous visitor', () => {
  const render = async () => renderToStaticMarkup(await HomePage());

  it('renders without reading the database', async () => {
    await expect(render()).resolves.toContain('Welcome to my.CareConnect');
  });

  it('links to the viewer with a plain anchor to the configured address', async () => {
    const html = await render();
    const viewer = anchors(html).filter((a) => a.label === 'Open the CareConnect eHealth Viewer');
    expect(viewer).toHaveLength(1);
    expect(hrefOf(viewer[0]!.attrs)).toBe(VIEWER_URL);
    // Nothing but the address: no handler, no target that could be swapped for a script.
    expect(viewer[0]!.attrs).not.toMatch(/on[a-z]+=|target=|javascript:/i);
  });

  it('shows both journeys with their time estimates', async () => {
    const t = text(await render());
    for (const step of [
      'Express interest (about 15 minutes)',
      'Receive instructions',
      'Privacy & Security Declaration',
      'Set up your BC Services Card account (about 15 minutes)',
      'Link it with CareConnect (about 1 minute)',
      'Online enrolment (about 10 minutes)',
      'Privacy course (about 15 minutes)',
      'Health Professional CareConnect Access Agreement (HPCAA) (about 15 minutes)',
    ]) {
      expect(t).toContain(step);
    }
    expect(t.indexOf('Express interest')).toBeLessThan(t.indexOf('Receive instructions'));
    expect(t.indexOf('Online enrolment')).toBeLessThan(t.indexOf('Privacy course'));
  });

  it('points to the help page', async () => {
    expect(anchors(await render()).map((a) => hrefOf(a.attrs))).toContain('/help');
  });
});

describe('/help', () => {
  const html = renderToStaticMarkup(HelpPage());
  const t = text(html);

  it('has every answer at its stable anchor, each listed at the top', () => {
    const present = ids(html);
    for (const anchor of Object.values(HELP_ANCHOR)) {
      expect(present.has(anchor), anchor).toBe(true);
      expect(html).toContain(`href="#${anchor}"`);
    }
    // The anchors other pages and the viewer already link to.
    expect(HELP_ANCHOR).toMatchObject({
      eligibility: 'who-is-eligible',
      bcServicesCard: 'bc-services-card',
      outOfSync: 'out-of-sync',
      teamArea: 'enrolment-team-area',
    });
  });

  it('gives the Service BC help desk hours and both numbers, as phone links', () => {
    expect(t).toContain('Monday to Friday, except statutory holidays, 7:30 am to 5 pm Pacific time');
    expect(html).toContain('href="tel:+1-888-356-2741">1-888-356-2741</a>');
    expect(html).toContain('href="tel:+1-604-660-2355">604-660-2355</a>');
    expect(t).toContain('In the Lower Mainland, or from outside Canada and the USA: 604-660-2355');
  });

  it('answers eligibility from the policy table', () => {
    expect(t).toContain(
      'Physicians, nurse practitioners, registered nurses, registered psychiatric nurses, licensed practical nurses, pharmacists and social workers enrol on their own',
    );
    expect(t).toContain(
      'Resident physicians, medical office assistants and clinical support staff enrol “on behalf of” a physician, nurse practitioner or registered nurse',
    );
    expect(t).toContain('Only physicians and nurse practitioners can have remote access');
  });

  it('answers the other questions in plain words', () => {
    for (const phrase of [
      'They are separate accounts',
      'A privacy breach is',
      'desktop or laptop computer',
      'not supported on phones or tablets',
      '5 to 7 business days',
      'set a preferred first and last name',
      'every membership there ends',
    ]) {
      expect(t).toContain(phrase);
    }
    expect(anchors(html).map((a) => hrefOf(a.attrs))).toContain('/profile');
  });
});

describe('refusals link to the answer that applies', () => {
  it('a card below the required level links to the BC Services Card answers', async () => {
    const html = renderToStaticMarkup(await RefusedPage({ searchParams: Promise.resolve({}) }));
    const hrefs = anchors(html).map((a) => hrefOf(a.attrs));
    expect(hrefs).toEqual(expect.arrayContaining(['/help#bc-services-card', '/help#out-of-sync']));
  });

  it('an inactive account is not sent to the card answers', async () => {
    const html = renderToStaticMarkup(await RefusedPage({ searchParams: Promise.resolve({ reason: 'inactive' }) }));
    expect(html).not.toContain('/help#bc-services-card');
  });

  it('access reasons that nothing in the portal can fix link to an answer', () => {
    expect(accessReason('REMOTE_NOT_ALLOWED_FOR_PROFESSION', 'w1').href).toBe('/help#remote-access');
    expect(accessReason('WORKSITE_NO_CLINICAL_APPS', 'w1').href).toBe('/help#who-is-eligible');
  });

  it('every help link in the access reasons lands on an answer that exists', () => {
    const present = ids(renderToStaticMarkup(HelpPage()));
    const helpLinks = Object.keys(REASONS)
      .map((code) => accessReason(code as keyof typeof REASONS, 'w1').href)
      .filter((h): h is string => !!h?.startsWith('/help'));
    expect(helpLinks.length).toBeGreaterThan(0);
    for (const h of helpLinks) expect(present.has(h.split('#')[1]), h).toBe(true);
  });
});

describe('site header and footer', () => {
  const shell = (user: { displayName: string } | null) =>
    renderToStaticMarkup(
      <AppShell appName="my.CareConnect" user={user} nav={[]} viewerUrl={VIEWER_URL}>
        <p>content</p>
      </AppShell>,
    );

  it.each([
    ['signed out', null],
    ['signed in', { displayName: 'Priya Physician' }],
  ])('links to help and to the viewer when %s', (_, user) => {
    const links = anchors(shell(user));
    expect(links.filter((a) => hrefOf(a.attrs) === '/help').map((a) => a.label)).toEqual(['Help', 'answers in Help']);
    expect(links.filter((a) => hrefOf(a.attrs) === VIEWER_URL).map((a) => a.label)).toEqual(['Open the CareConnect eHealth Viewer']);
  });

  it('helpHref builds links to the help page', () => {
    expect(helpHref('privacyBreach')).toBe('/help#privacy-breach');
  });
});
