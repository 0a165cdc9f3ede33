import 'server-only';
import { createHash } from 'node:crypto';
import type { Adapter, AdapterAccount, AdapterUser } from 'next-auth/adapters';
import type { Person } from '@/generated/prisma/client';
import { audit } from '../audit';
import { db } from '../db';
import { env } from '../env';
import { requestContext } from '../request-context';
import { displayName } from '@/lib/names';
import { sessionEndReason } from './rules';
import { sessionAndViewer, type ViewerPerson } from './viewer-row';
import { clock } from '@/lib/clock';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What the provider's profile() hands to createUser (claims we trust from the IdP). */
export type IdpUser = {
  id: string; // next-auth uses it, then strips it before createUser
  subject: string;
  name: string;
  email: string;
  givenName: string;
  familyName: string;
  birthdate: string | null;
  assuranceLevel: number;
};

const toAdapterUser = (p: Person): AdapterUser => ({
  id: p.id,
  name: displayName(p),
  email: p.contactEmail ?? p.idpEmail ?? '',
  emailVerified: null,
});

function idleExpiry(now: Date, absoluteEnd: Date): Date {
  const idle = new Date(now.getTime() + env().SESSION_IDLE_MINUTES * 60_000);
  return idle < absoluteEnd ? idle : absoluteEnd;
}

const birthdate = (s: string | null) =>
  s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;

/** `onViewer` receives the person read with the session, so the request needs no second read. */
export type AdapterHooks = { onViewer?: (p: ViewerPerson) => void };

// A person is keyed on (issuer, subject), never on email; sessions are rows we can end at once.
export function careConnectAdapter(hooks: AdapterHooks = {}): Adapter {
  const issuer = () => env().OIDC_ISSUER;
  return {
    async createUser(u: Omit<AdapterUser, 'id'>) {
      const idp = u as unknown as IdpUser;
      // Person and login account in one transaction: a concurrent first sign-in of the same
      // subject fails on the (issuer, subject) key instead of leaving an orphan person.
      const person = await db().$transaction(async (tx) => {
        const p = await tx.person.create({
          data: {
            legalGivenName: idp.givenName,
            legalFamilyName: idp.familyName,
            birthdate: birthdate(idp.birthdate),
            idpEmail: idp.email || null,
            contactEmail: idp.email || null,
            identityAssuranceLevel: idp.assuranceLevel,
            lastSignInAt: clock.now(),
          },
        });
        await tx.loginAccount.create({
          data: { personId: p.id, provider: 'bcsc', issuer: issuer(), subject: idp.subject },
        });
        await audit(tx, {
          actor: { type: 'PERSON', personId: p.id },
          action: 'person.linked_bc_services_card',
          target: { type: 'PERSON', id: p.id },
          personId: p.id,
          after: { legalGivenName: p.legalGivenName, legalFamilyName: p.legalFamilyName },
        });
        return p;
      });
      return toAdapterUser(person);
    },
    async getUser(id) {
      const p = await db().person.findUnique({ where: { id } });
      return p ? toAdapterUser(p) : null;
    },
    // Never match people by email: two people can share one, and emails change.
    async getUserByEmail() {
      return null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const a = await db().loginAccount.findUnique({
        where: { provider_subject: { provider, subject: providerAccountId } },
        include: { person: true },
      });
      return a ? toAdapterUser(a.person) : null;
    },
    async updateUser(u) {
      const p = await db().person.findUniqueOrThrow({ where: { id: u.id } });
      return toAdapterUser(p);
    },
    // createUser already linked the account. Linking a second identity to a signed-in person
    // would let one BC Services Card open another person's records, so it is refused.
    async linkAccount(account: AdapterAccount) {
      const existing = await db().loginAccount.findUnique({
        where: {
          provider_subject: { provider: account.provider, subject: account.providerAccountId },
        },
      });
      if (existing?.personId === account.userId) return;
      throw new Error('Linking another identity to a signed-in person is not allowed');
    },
    // The cookie lives until the absolute limit; idle expiry is ours, checked on every request.
    async createSession({ sessionToken, userId }) {
      const now = clock.now();
      const absoluteEnd = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3600_000);
      const { ip, userAgent } = await requestContext();
      await db().session.create({
        data: {
          tokenHash: hashToken(sessionToken),
          personId: userId,
          expires: idleExpiry(now, absoluteEnd),
          absoluteEnd,
          ip,
          userAgent: userAgent?.slice(0, 300) ?? null,
        },
      });
      return { sessionToken, userId, expires: absoluteEnd };
    },
    async getSessionAndUser(sessionToken) {
      const found = await sessionAndViewer(hashToken(sessionToken));
      if (!found) return null;
      const { session: s, person } = found;
      const now = clock.now();
      const reason = sessionEndReason(s, person.status, now);
      if (reason) {
        if (!s.endedAt) {
          await db().session.updateMany({
            where: { id: s.sessionId, endedAt: null },
            data: { endedAt: now, endedReason: reason },
          });
        }
        return null;
      }
      // Slide the idle window, at most one write a minute per session.
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
        await db().session.update({
          where: { id: s.sessionId },
          data: { lastSeenAt: now, expires: idleExpiry(now, s.absoluteEnd) },
        });
      }
      hooks.onViewer?.(person);
      return {
        session: { sessionToken, userId: person.id, expires: s.absoluteEnd },
        user: {
          id: person.id,
          name: person.displayName,
          email: person.contactEmail ?? person.idpEmail ?? '',
          emailVerified: null,
        },
      };
    },
    async updateSession({ sessionToken }) {
      const s = await db().session.findUnique({ where: { tokenHash: hashToken(sessionToken) } });
      if (!s || s.endedAt) return null;
      return { sessionToken, userId: s.personId, expires: s.absoluteEnd };
    },
    // Sign-out keeps the row (ended) so the audit trail can show when a session ended.
    async deleteSession(sessionToken) {
      await db().session.updateMany({
        where: { tokenHash: hashToken(sessionToken), endedAt: null },
        data: { endedAt: clock.now(), endedReason: 'SIGNED_OUT' },
      });
    },
  };
}
