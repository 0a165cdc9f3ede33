import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { audit, byPerson } from '../audit';
import { db } from '../db';
import { env } from '../env';
import { log } from '../log';
import { requestContext } from '../request-context';
import { careConnectAdapter, type IdpUser } from './adapter';
import { assuranceRefusal } from './rules';
import { clock } from '@/lib/clock';

type BcscClaims = {
  iss: string;
  sub: string;
  given_name?: string;
  family_name?: string;
  birthdate?: string;
  email?: string;
  identity_assurance_level?: number | string;
};

function bcscProvider(): OAuthConfig<BcscClaims> {
  const e = env();
  return {
    id: 'bcsc',
    name: 'BC Services Card',
    type: 'oauth',
    wellKnown: `${e.OIDC_ISSUER}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: 'openid profile email' } },
    idToken: true,
    // next-auth v4 checks only PKCE by default; state and nonce guard against CSRF and replay.
    checks: ['pkce', 'state', 'nonce'],
    profile(c): IdpUser {
      const givenName = (c.given_name ?? '').trim();
      const familyName = (c.family_name ?? '').trim();
      return {
        id: c.sub,
        subject: c.sub,
        name: `${givenName} ${familyName}`.trim(),
        email: (c.email ?? '').trim(),
        givenName,
        familyName,
        birthdate: c.birthdate ?? null,
        assuranceLevel: Number(c.identity_assurance_level ?? 0),
      };
    },
  };
}

// Over https every cookie is __Host- prefixed. next-auth names most of them __Secure-, which a
// sibling host under the same parent domain could still plant (Domain=parent) to fix a session or
// a sign-in state; __Host- cookies can only be set by this host, Secure, with Path=/ and no Domain.
const hostCookie = (name: string, maxAge?: number) => ({
  name: `__Host-next-auth.${name}`,
  options: {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: true,
    ...(maxAge ? { maxAge } : {}),
  },
});

// The same cookies as next-auth's defaults (names and lifetimes), with the stronger prefix.
const secureCookies = (): NextAuthOptions['cookies'] => ({
  sessionToken: hostCookie('session-token'),
  callbackUrl: hostCookie('callback-url'),
  csrfToken: hostCookie('csrf-token'),
  pkceCodeVerifier: hostCookie('pkce.code_verifier', 15 * 60),
  state: hostCookie('state', 15 * 60),
  nonce: hostCookie('nonce'),
});

/** The session cookie's name, as next-auth sets it with these options (read in session-cookie.ts). */
export const sessionCookieName = () =>
  env().APP_URL.startsWith('https://') ? hostCookie('session-token').name : 'next-auth.session-token';

/** Built on first use: reading env at import time would break `next build`. */
export function authOptions(): NextAuthOptions {
  const e = env();
  const https = e.APP_URL.startsWith('https://');
  return {
    secret: e.AUTH_SECRET,
    adapter: careConnectAdapter(),
    providers: [bcscProvider()],
    useSecureCookies: https,
    ...(https ? { cookies: secureCookies() } : {}),
    session: {
      strategy: 'database',
      maxAge: e.SESSION_ABSOLUTE_HOURS * 3600,
      updateAge: e.SESSION_ABSOLUTE_HOURS * 3600, // sliding is done by the adapter
    },
    pages: { signIn: '/sign-in', error: '/sign-in/error' },
    callbacks: {
      async signIn({ account, profile }) {
        const claims = profile as unknown as BcscClaims | undefined;
        if (!account || account.provider !== 'bcsc' || !claims?.sub) return false;
        const refusal = assuranceRefusal(claims.identity_assurance_level, e.OIDC_MIN_ASSURANCE);
        const ctx = await requestContext();
        if (refusal) {
          log.warn('sign-in refused', {
            reason: refusal,
            sub: claims.sub,
            requestId: ctx.requestId,
          });
          return `/sign-in/refused?reason=${refusal}`;
        }
        const acct = await db().loginAccount.findUnique({
          where: { provider_subject: { provider: 'bcsc', subject: claims.sub } },
          include: { person: true },
        });
        if (!acct) return true; // first sign-in: the adapter creates the person
        if (acct.person.status !== 'ACTIVE') {
          log.warn('sign-in refused', { reason: 'person-not-active', personId: acct.personId });
          return '/sign-in/refused?reason=inactive';
        }
        // The legal name always comes from the identity provider, refreshed at each sign-in.
        const given = (claims.given_name ?? '').trim() || acct.person.legalGivenName;
        const family = (claims.family_name ?? '').trim() || acct.person.legalFamilyName;
        await db().$transaction(async (tx) => {
          await tx.person.update({
            where: { id: acct.personId },
            data: {
              legalGivenName: given,
              legalFamilyName: family,
              idpEmail: claims.email?.trim() || null,
              identityAssuranceLevel: Number(claims.identity_assurance_level),
              lastSignInAt: clock.now(),
            },
          });
          await audit(tx, {
            ...byPerson(acct.personId, ctx),
            action: 'person.signed_in',
            target: { type: 'PERSON', id: acct.personId },
            personId: acct.personId,
            ...(given !== acct.person.legalGivenName || family !== acct.person.legalFamilyName
              ? {
                  before: {
                    legalGivenName: acct.person.legalGivenName,
                    legalFamilyName: acct.person.legalFamilyName,
                  },
                  after: { legalGivenName: given, legalFamilyName: family },
                }
              : {}),
          });
        });
        return true;
      },
      async session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id } };
      },
    },
    events: {
      async signOut({ session }) {
        const personId = (session as { userId?: string } | null)?.userId;
        if (!personId) return;
        const ctx = await requestContext();
        await db().$transaction((tx) =>
          audit(tx, {
            ...byPerson(personId, ctx),
            action: 'person.signed_out',
            target: { type: 'PERSON', id: personId },
            personId,
          }),
        );
      },
    },
    logger: {
      error: (code, metadata) => log.error('auth error', { code, metadata }),
      warn: (code) => log.warn('auth warning', { code }),
      debug: () => {},
    },
  };
}
