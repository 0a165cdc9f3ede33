import 'server-only';
import { DomainError } from '@/lib/errors';
import { db, type Tx } from '../db';
import { env } from '../env';
import { log } from '../log';
import { periodWords, retryAfterSeconds, tryAgainAfter, windowWords, type Verdict } from './rules';
import { peek, take } from './store';

// The portal's throttles (SPEC §9, docs/security.md "Throttles"). Those that guard an email take
// the caller's transaction: the attempt counts only if the email is really queued, and a refusal
// rolls nothing else back because nothing was written before it. Limits come from env.ts.

type Refused = Extract<Verdict, { allowed: false }>;
type Client = Pick<Tx, '$queryRaw' | '$executeRaw'>;

const times = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function refuse(throttle: string, key: string, message: string): never {
  log.warn('throttle.refused', { throttle, key });
  throw new DomainError('RATE_LIMITED', message);
}

const when = (v: Refused, now: Date) => tryAgainAfter(v.retryAt, now.getTime());

/** A site admin sends (or resends) an invitation: per person and per worksite, both must fit. */
export async function limitInvitations(tx: Client, p: { personId: string; worksiteId: string }, now: Date): Promise<void> {
  const limits = env().THROTTLE_INVITATIONS;
  const mine = await take(tx, `invite:person:${p.personId}`, limits, now);
  if (!mine.allowed) {
    refuse('invitations', p.personId, `You have sent ${times(mine.count, 'invitation')} in ${windowWords(mine.limit.windowMs)}; try again after ${when(mine, now)}.`);
  }
  const site = await take(tx, `invite:worksite:${p.worksiteId}`, limits, now);
  if (!site.allowed) {
    refuse('invitations', p.worksiteId, `This worksite has sent ${times(site.count, 'invitation')} in ${windowWords(site.limit.windowMs)}; try again after ${when(site, now)}.`);
  }
}

/** Resending one invitation (on top of limitInvitations). */
export async function limitInvitationResend(tx: Client, invitationId: string, now: Date): Promise<void> {
  const v = await take(tx, `invite:resend:${invitationId}`, env().THROTTLE_INVITATION_RESEND, now);
  if (v.allowed) return;
  const sent = v.limit.limit === 1 ? `less than ${periodWords(v.limit.windowMs)} ago` : `${times(v.count, 'time')} in ${windowWords(v.limit.windowMs)}`;
  refuse('invitation-resend', invitationId, `This invitation was sent ${sent}; you can send it again after ${when(v, now)}.`);
}

/** A request to join a worksite emails its site admins. */
export async function limitJoinRequests(tx: Client, personId: string, now: Date): Promise<void> {
  const v = await take(tx, `join:person:${personId}`, env().THROTTLE_JOIN_REQUESTS, now);
  if (v.allowed) return;
  refuse('join-requests', personId, `You have asked to join worksites ${times(v.count, 'time')} in ${windowWords(v.limit.windowMs)}; try again after ${when(v, now)}.`);
}

/** A worksite registration emails an acknowledgement and gives the team work. */
export async function limitWorksiteRegistrations(tx: Client, personId: string, now: Date): Promise<void> {
  const v = await take(tx, `register:person:${personId}`, env().THROTTLE_WORKSITE_REGISTRATIONS, now);
  if (v.allowed) return;
  refuse('worksite-registrations', personId, `You have registered ${times(v.count, 'worksite')} in ${windowWords(v.limit.windowMs)}; try again after ${when(v, now)}.`);
}

/**
 * A person changes their contact email, which emails the address they typed. Call it inside the
 * transaction that queues that email, only when the address really changes.
 */
export async function limitContactEmailChanges(tx: Client, personId: string, now: Date): Promise<void> {
  const v = await take(tx, `contact-email:person:${personId}`, env().THROTTLE_CONTACT_EMAIL_CHANGES, now);
  if (v.allowed) return;
  refuse('contact-email-changes', personId, `You have changed your contact email ${times(v.count, 'time')} in ${windowWords(v.limit.windowMs)}; try again after ${when(v, now)}.`);
}

// Invalid credentials per client address. Counted outside any transaction (the failed request
// writes nothing else), and an address over the limit is refused even with a valid credential:
// otherwise the refusal itself would tell a guesser which guess was right.
export type CredentialKind = 'api-key' | 'invitation';
export type CredentialBlock = { retryAt: Date; retryAfterSeconds: number; message: string };

const blockOf = (kind: CredentialKind, v: Refused, now: Date): CredentialBlock => ({
  retryAt: new Date(v.retryAt),
  retryAfterSeconds: retryAfterSeconds(v.retryAt, now.getTime()),
  message: `Too many ${kind === 'api-key' ? 'API keys' : 'invitation links'} that are not valid were tried from your network. Try again after ${when(v, now)}.`,
});

const credentialKey = (kind: CredentialKind, address: string) => `bad-${kind}:${address}`;

/** Null while the address may still try; otherwise when it may again. Records nothing. */
export async function credentialBlock(kind: CredentialKind, address: string | null, now: Date): Promise<CredentialBlock | null> {
  if (!address) return null; // outside a request (scripts, tests): nobody to slow down
  const v = await peek(db(), credentialKey(kind, address), env().THROTTLE_BAD_CREDENTIALS, now);
  return v.allowed ? null : blockOf(kind, v, now);
}

/** Counts one invalid credential from the address; a block when this one is over the limit. */
export async function recordBadCredential(kind: CredentialKind, address: string | null, now: Date): Promise<CredentialBlock | null> {
  if (!address) return null;
  const v = await take(db(), credentialKey(kind, address), env().THROTTLE_BAD_CREDENTIALS, now, { sweep: true });
  if (v.allowed) return null;
  log.warn('throttle.refused', { throttle: `bad-${kind}`, address });
  return blockOf(kind, v, now);
}
