// The page matrix's world: every kind of caller with a session, and canary values seeded into
// records that only some callers may see. A canary is a unique string; finding it anywhere in a
// response to a caller outside its audience is a leak.
import { createHash, randomBytes } from 'node:crypto';
import { generateApiKey, hashApiKey, keyPrefix } from '@/server/api-keys/token';
import { audit } from '@/server/audit';
import { hashToken } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { createPeople, type People } from '../security/authz-world';
import { fromNow } from '../support/clock';

export const CALLERS = [
  'anonymous', // no session cookie
  'user', // a new identity: signed in, nothing else
  'member', // active member (not site admin) of this worksite
  'obo', // on-behalf-of user at this worksite, sponsored by the authorizer
  'authorizer', // approved physician active at this worksite
  'siteAdmin', // site admin of this worksite
  'otherSiteAdmin', // site admin of another worksite only
  'enrolmentTeam',
  'auditor',
  'staffAdmin',
] as const;
export type Caller = (typeof CALLERS)[number];

const STAFF: readonly Caller[] = ['enrolmentTeam', 'auditor', 'staffAdmin'];
const THIS_WORKSITE: readonly Caller[] = ['member', 'obo', 'authorizer', 'siteAdmin'];

export type CanaryName =
  | 'personName' // the legal name of a person whose enrolment waits for the team
  | 'licence' // that person's licence number
  | 'queueWorksiteCode' // the Worksite ID where that person waits to be set up
  | 'thisWorksiteCode'
  | 'thisWorksiteName'
  | 'otherWorksiteCode'
  | 'inviteeEmail' // a pending invitation to this worksite (other people's addresses: site admins)
  | 'apiKeyName'
  | 'auditDetail' // an audit event's request id
  | 'apiKeySecret' // never shown to anyone, not even staff
  | 'apiKeyHash'
  | 'sessionTokenHash';

/** Who may see each canary, anywhere in the portal. Everyone else must never receive it. */
export const AUDIENCE: Record<CanaryName, readonly Caller[]> = {
  personName: STAFF,
  licence: STAFF,
  queueWorksiteCode: STAFF,
  thisWorksiteCode: [...THIS_WORKSITE, ...STAFF],
  thisWorksiteName: [...THIS_WORKSITE, ...STAFF],
  otherWorksiteCode: ['otherSiteAdmin', ...STAFF],
  inviteeEmail: ['siteAdmin', ...STAFF],
  apiKeyName: ['auditor', 'staffAdmin'],
  auditDetail: ['auditor', 'staffAdmin'],
  apiKeySecret: [],
  apiKeyHash: [],
  sessionTokenHash: [],
};

export type World = {
  canary: Record<CanaryName, string>;
  cookies: Record<Caller, string | null>;
  people: People;
  ids: {
    thisWorksite: string;
    otherWorksite: string;
    canaryPerson: string;
    canaryEnrolment: string;
    canaryPersonEmail: string;
  };
};

export const SESSION_COOKIE = 'next-auth.session-token'; // plain http; https uses the __Host- name

async function session(personId: string): Promise<{ cookie: string; tokenHash: string }> {
  const token = randomBytes(32).toString('hex');
  const tokenHash = hashToken(token);
  await db().session.create({ data: { personId, tokenHash, expires: fromNow(2 * 3600_000), absoluteEnd: fromNow(4 * 3600_000) } });
  return { cookie: `${SESSION_COOKIE}=${token}`, tokenHash };
}

export async function buildWorld(): Promise<World> {
  const tag = randomBytes(5).toString('hex').toUpperCase();
  const p = await createPeople();

  // This worksite: a member, its site admin, an authorizer and the OBO user they sponsor.
  const ws = await createWorksite(db(), { creatorId: p.siteAdmin.id, operatingName: `Canary Clinic ${tag}` });
  await createMembership(db(), { worksiteId: ws.id, personId: p.siteAdmin.id, siteAdmin: true });
  await createMembership(db(), { worksiteId: ws.id, personId: p.member.id });
  const authorizer = await createMembership(db(), { worksiteId: ws.id, personId: p.authorizer.id });
  const obo = await createMembership(db(), { worksiteId: ws.id, personId: p.obo.id, kind: 'ON_BEHALF_OF' });
  await db().sponsorship.create({ data: { oboMembershipId: obo.id, sponsorMembershipId: authorizer.id, status: 'ACTIVE', decidedAt: fromNow(0) } });
  const inviteeEmail = `canary-invitee-${tag.toLowerCase()}@example.com`;
  await db().invitation.create({
    data: { worksiteId: ws.id, email: inviteeEmail, tokenHash: createHash('sha256').update(tag).digest('hex'), expiresAt: fromNow(14 * 86_400_000), invitedById: p.siteAdmin.id },
  });

  // Another worksite, still waiting for the team's review of its registration.
  const other = await createWorksite(db(), { creatorId: p.otherSiteAdmin.id, status: 'INTAKE_SUBMITTED', operatingName: 'Other Clinic' });
  await createMembership(db(), { worksiteId: other.id, personId: p.otherSiteAdmin.id, siteAdmin: true });

  // A person only the team may see: an enrolment in review, and a membership waiting for set-up
  // at a worksite none of the callers belongs to.
  const canaryPersonEmail = `qz-${tag.toLowerCase()}@example.com`;
  const canaryPerson = await ensurePerson(db(), { givenName: 'Quillon', familyName: `Zephyrine${tag}`, email: canaryPersonEmail });
  const licence = `LIC${tag}Q`;
  const enrolment = await createEnrolment(db(), { personId: canaryPerson.id, status: 'IN_REVIEW', profession: 'PHYSICIAN' });
  await db().enrolment.update({ where: { id: enrolment.id }, data: { licenceNumber: licence } });
  const queueSite = await createWorksite(db(), { creatorId: canaryPerson.id, operatingName: 'Queue Clinic' });
  await createMembership(db(), { worksiteId: queueSite.id, personId: canaryPerson.id, status: 'PENDING_REVIEW' });

  // Oversight data: a service API key and an audit event.
  const apiKey = generateApiKey();
  const apiKeyName = `Canary viewer key ${tag}`;
  await db().apiKey.create({ data: { name: apiKeyName, prefix: keyPrefix(apiKey), keyHash: hashApiKey(apiKey), createdById: p.staffAdmin.id } });
  const auditDetail = `canary-request-${tag.toLowerCase()}`;
  await db().$transaction((tx) =>
    audit(tx, { actor: { type: 'SYSTEM', label: 'Page matrix' }, action: 'canary.seeded', target: { type: 'PERSON', id: null }, requestId: auditDetail }),
  );

  const cookies = { anonymous: null } as Record<Caller, string | null>;
  const hashes: string[] = [];
  for (const c of CALLERS) {
    if (c === 'anonymous') continue;
    const s = await session(p[c].id);
    cookies[c] = s.cookie;
    hashes.push(s.tokenHash);
  }

  return {
    canary: {
      personName: `Zephyrine${tag}`,
      licence,
      queueWorksiteCode: queueSite.worksiteCode,
      thisWorksiteCode: ws.worksiteCode,
      thisWorksiteName: `Canary Clinic ${tag}`,
      otherWorksiteCode: other.worksiteCode,
      inviteeEmail,
      apiKeyName,
      auditDetail,
      apiKeySecret: apiKey,
      apiKeyHash: hashApiKey(apiKey),
      sessionTokenHash: hashes[0]!,
    },
    cookies,
    people: p,
    ids: { thisWorksite: ws.id, otherWorksite: other.id, canaryPerson: canaryPerson.id, canaryEnrolment: enrolment.id, canaryPersonEmail },
  };
}
