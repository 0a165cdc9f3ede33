// Every page and route of the build, and what each kind of caller gets from it. The test reads
// the build's own route list: a page or route without a row here fails it, and so does a row
// for one that is gone.
import { CALLERS, type CanaryName, type Caller, type World } from './world';

/** What a caller gets: a status, or "sign-in" (a 307 to the sign-in page, then back here). */
export type Outcome = 200 | 401 | 403 | 404 | 405 | 500 | 'sign-in';

export type Row = {
  /** The URL requested, for this world. */
  url: (w: World) => string;
  /** Route handlers are called with their method; pages are loaded as HTML and as RSC. */
  route?: { method: 'GET' | 'POST' };
  outcome: Record<Caller, Outcome>;
  /** Canaries the page must show to these callers (proof the scan looks at real data). */
  shows?: Partial<Record<CanaryName, readonly Caller[]>>;
};

const STAFF = ['enrolmentTeam', 'auditor', 'staffAdmin'] as const;
const THIS_WORKSITE = ['member', 'obo', 'authorizer', 'siteAdmin'] as const;
const everyone = (o: Outcome, except: Partial<Record<Caller, Outcome>> = {}) =>
  Object.fromEntries(CALLERS.map((c) => [c, except[c] ?? o])) as Record<Caller, Outcome>;
/** Signed-in pages: anonymous visitors are sent to sign in. */
const signedIn = (except: Partial<Record<Caller, Outcome>> = {}) => everyone(200, { anonymous: 'sign-in', ...except });
/** Pages of this worksite: those who belong to it, others get "not found" (as a missing one). */
const ofThisWorksite = (who: readonly Caller[]) =>
  signedIn(Object.fromEntries(CALLERS.filter((c) => c !== 'anonymous' && !who.includes(c)).map((c) => [c, 404])));

const page = (url: string | ((w: World) => string), outcome: Record<Caller, Outcome>, shows?: Row['shows']): Row => ({
  url: typeof url === 'string' ? () => url : url,
  outcome,
  shows,
});
const route = (method: 'GET' | 'POST', url: string | ((w: World) => string), outcome: Record<Caller, Outcome>, shows?: Row['shows']): Row => ({
  ...page(url, outcome, shows),
  route: { method },
});

const WS = (w: World) => `/worksites/${w.ids.thisWorksite}`;
const TOKEN = 'A'.repeat(43); // well formed, matches nothing

// The team area answers 200 to anyone signed in: its layout tells people without a staff role
// that it is not for them, and the page under it reads nothing (the data layer refuses).
export const ROWS: Record<string, Row> = {
  // Public
  '/': page('/', everyone(200), { thisWorksiteName: THIS_WORKSITE, otherWorksiteCode: ['otherSiteAdmin'] }),
  '/help': page('/help', everyone(200)),
  '/floor': page('/floor?bytes=64', everyone(200)),
  '/sign-in': page('/sign-in', everyone(200)),
  '/sign-in/error': page('/sign-in/error', everyone(200)),
  '/sign-in/refused': page('/sign-in/refused', everyone(200)),
  '/signed-out': page('/signed-out', everyone(200)),
  '/ui-kit': page('/ui-kit', everyone(200)), // demo builds only; production answers 404
  '/icon.svg': route('GET', '/icon.svg', everyone(200)),
  '/_not-found': page('/no-such-page', everyone(404)),
  // Next.js's own page for an error in the root layout: nothing of ours to read.
  '/_global-error': page('/_global-error', everyone(500)),

  // A person's own records
  '/enrolment': page('/enrolment', signedIn()),
  '/enrolment/profession-change': page('/enrolment/profession-change', signedIn()),
  '/agreement': page('/agreement', signedIn()),
  '/privacy-course': page('/privacy-course', signedIn()),
  '/privacy-course/demo': page('/privacy-course/demo', signedIn()),
  '/profile': page('/profile', signedIn()),
  '/viewer-account': page('/viewer-account', signedIn()),
  '/sponsorships': page('/sponsorships', signedIn(), { thisWorksiteName: ['authorizer'] }),
  '/worksites': page('/worksites', signedIn(), { thisWorksiteCode: THIS_WORKSITE, otherWorksiteCode: ['otherSiteAdmin'] }),
  '/worksites/new': page('/worksites/new', signedIn()),
  '/worksites/join': page('/worksites/join', signedIn()),
  // Emailed links: the token is the credential; a made-up one shows nothing.
  '/invitations/[token]': page(`/invitations/${TOKEN}`, everyone(200)),
  '/staff-invitations/[token]': page(`/staff-invitations/${TOKEN}`, everyone(200)),
  '/profile/confirm-email/[token]': page(`/profile/confirm-email/${TOKEN}`, everyone(200)),

  // This worksite, for the people who belong to it
  '/worksites/[id]': page(WS, ofThisWorksite(THIS_WORKSITE), { thisWorksiteCode: THIS_WORKSITE }),
  '/worksites/[id]/members': page((w) => `${WS(w)}/members`, ofThisWorksite(THIS_WORKSITE), {
    thisWorksiteName: THIS_WORKSITE,
    inviteeEmail: ['siteAdmin'],
  }),
  '/worksites/[id]/edit': page((w) => `${WS(w)}/edit`, ofThisWorksite(THIS_WORKSITE), { thisWorksiteCode: THIS_WORKSITE }),
  '/worksites/[id]/pharmanet': page((w) => `${WS(w)}/pharmanet`, ofThisWorksite(THIS_WORKSITE), { thisWorksiteName: THIS_WORKSITE }),
  '/worksites/[id]/remote-access': page((w) => `${WS(w)}/remote-access`, ofThisWorksite(THIS_WORKSITE), { thisWorksiteName: THIS_WORKSITE }),
  '/worksites/[id]/sponsor': page((w) => `${WS(w)}/sponsor`, ofThisWorksite(THIS_WORKSITE), { thisWorksiteName: THIS_WORKSITE }),
  '/worksites/[id]/settings': page((w) => `${WS(w)}/settings`, ofThisWorksite(['siteAdmin']), { thisWorksiteName: ['siteAdmin'] }),
  '/worksites/[id]/declaration': page((w) => `${WS(w)}/declaration`, ofThisWorksite(['siteAdmin']), { thisWorksiteName: ['siteAdmin'] }),

  // The enrolment team area
  '/admin': page('/admin', signedIn()),
  '/admin/queue': page('/admin/queue', signedIn(), { personName: STAFF, queueWorksiteCode: STAFF, otherWorksiteCode: STAFF }),
  '/admin/search': page((w) => `/admin/search?q=${encodeURIComponent(w.ids.canaryPersonEmail)}`, signedIn(), { personName: STAFF, licence: STAFF }),
  '/admin/enrolments': page('/admin/enrolments', signedIn(), { personName: STAFF, licence: STAFF }),
  '/admin/enrolments/[id]': page((w) => `/admin/enrolments/${w.ids.canaryEnrolment}`, signedIn(), { personName: STAFF, licence: STAFF }),
  '/admin/people/[id]': page((w) => `/admin/people/${w.ids.canaryPerson}`, signedIn(), { personName: STAFF, licence: STAFF }),
  '/admin/memberships': page('/admin/memberships', signedIn(), { personName: STAFF, queueWorksiteCode: STAFF }),
  '/admin/worksites': page('/admin/worksites', signedIn(), { otherWorksiteCode: STAFF }),
  '/admin/worksites/[id]': page((w) => `/admin/worksites/${w.ids.thisWorksite}`, signedIn(), { thisWorksiteCode: STAFF, thisWorksiteName: STAFF }),
  '/admin/worksites/without-site-admin': page('/admin/worksites/without-site-admin', signedIn()),
  '/admin/remote-access': page('/admin/remote-access', signedIn()),
  '/admin/pharmanet': page('/admin/pharmanet', signedIn()),
  '/admin/agreements': page('/admin/agreements', signedIn()),
  '/admin/api-keys': page('/admin/api-keys', signedIn(), { apiKeyName: ['auditor', 'staffAdmin'] }),
  '/admin/audit': page('/admin/audit', signedIn(), { auditDetail: ['auditor', 'staffAdmin'] }),
  '/admin/staff': page('/admin/staff', signedIn()),

  // Route handlers
  '/api/health': route('GET', '/api/health', everyone(200)),
  '/api/auth/[...nextauth]': route('GET', '/api/auth/session', everyone(200)), // only the caller's own session
  '/api/admin/export': route('GET', '/api/admin/export?list=queue', everyone(403, { anonymous: 401, enrolmentTeam: 200, auditor: 200, staffAdmin: 200 }), {
    personName: STAFF,
    queueWorksiteCode: STAFF,
  }),
  // Signed out, not allowed and missing all look the same.
  '/api/files/[id]': route('GET', '/api/files/00000000-0000-4000-8000-000000000000', everyone(404)),
  // Service and webhook endpoints: a session opens none of them.
  '/api/v1/access': route('GET', '/api/v1/access?subject=x&worksite=ABCDEFG&location=onsite', everyone(401)),
  '/api/v1/access/ping': route('GET', '/api/v1/access/ping', everyone(200)), // liveness: no data, no key
  '/api/v1/viewer-accounts/verify': route('POST', '/api/v1/viewer-accounts/verify', everyone(401)),
  '/api/webhooks/privacy-course': route('POST', '/api/webhooks/privacy-course', everyone(401)),
};
