import 'server-only';
import { displayName } from '@/lib/names';
import type { Tx } from '../db';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { membershipStatusLabel } from '../memberships/rules';
import { PERSON_STATUS_LABEL } from '../people/team-rules';
import { statusLabel as worksiteStatusLabel } from '../worksites/rules';
import { auditActionLabel, isSignificantAuditAction, mergeTimeline, SIGNIFICANT_AUDIT_PREFIXES, type TimelineEntry } from './rules';

// The timeline of a person or a worksite, merged from the status histories, notes, the outbox
// and the audit log. Reads run one after another: inside a transaction they share a connection.

type Client = Pick<
  Tx,
  | 'person'
  | 'enrolment'
  | 'membership'
  | 'personStatusChange'
  | 'enrolmentStatusChange'
  | 'membershipStatusChange'
  | 'worksiteStatusChange'
  | 'note'
  | 'outboxEmail'
  | 'auditEvent'
>;

/** Each source is read newest first and capped; the page shows the most recent history. */
const PER_SOURCE = 200;
const PORTAL = 'The portal';
// Filtered in SQL too, so frequent routine events (sign-ins, access checks) never crowd out the rest.
const significant = { OR: SIGNIFICANT_AUDIT_PREFIXES.map((p) => ({ action: { startsWith: p } })) };

const emailSelect = {
  id: true,
  createdAt: true,
  subject: true,
  toAddress: true,
  template: true,
  status: true,
  sentAt: true,
  attempts: true,
  lastError: true,
} as const;

type EmailRow = { id: string; createdAt: Date; subject: string; toAddress: string; template: string; status: 'PENDING' | 'SENT' | 'DEAD'; sentAt: Date | null; attempts: number; lastError: string | null };

const emailEntry = (e: EmailRow): TimelineEntry => ({
  kind: 'email',
  id: e.id,
  at: e.createdAt,
  subject: e.subject,
  to: e.toAddress,
  template: e.template,
  state: e.status,
  sentAt: e.sentAt,
  attempts: e.attempts,
  // Only that it failed is the team's business; SMTP detail stays in the logs.
  lastError: e.status === 'DEAD' ? 'The mail server did not accept it.' : null,
});

async function namesOf(c: Client, ids: (string | null)[]): Promise<(id: string | null) => string> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const people = wanted.length ? await c.person.findMany({ where: { id: { in: wanted } } }) : [];
  const names = new Map(people.map((p) => [p.id, displayName(p)]));
  return (id) => (id ? (names.get(id) ?? 'Unknown person') : PORTAL);
}

type AuditRow = { id: bigint; occurredAt: Date; action: string; actorId: string | null; actorLabel: string | null };

function eventEntries(rows: AuditRow[], nameOf: (id: string | null) => string): TimelineEntry[] {
  return rows
    .filter((a) => isSignificantAuditAction(a.action))
    .map((a) => ({
      kind: 'event' as const,
      id: String(a.id),
      at: a.occurredAt,
      action: a.action,
      label: auditActionLabel(a.action),
      actor: a.actorId ? nameOf(a.actorId) : (a.actorLabel ?? PORTAL),
    }));
}

/** Everything about a person: their status, enrolment, memberships, notes, emails and events. */
export async function personTimeline(c: Client, personId: string): Promise<TimelineEntry[]> {
  const personChanges = await c.personStatusChange.findMany({ where: { personId }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE });
  const enrolment = await c.enrolment.findUnique({ where: { personId }, select: { id: true } });
  const enrolmentChanges = enrolment
    ? await c.enrolmentStatusChange.findMany({ where: { enrolmentId: enrolment.id }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE })
    : [];
  const memberships = await c.membership.findMany({ where: { personId }, select: { id: true, worksite: { select: { operatingName: true, worksiteCode: true } } } });
  const worksiteOf = new Map(memberships.map((m) => [m.id, `${m.worksite.operatingName} (${m.worksite.worksiteCode})`]));
  const membershipChanges = memberships.length
    ? await c.membershipStatusChange.findMany({ where: { membershipId: { in: [...worksiteOf.keys()] } }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE })
    : [];
  const notes = await c.note.findMany({
    where: { OR: [{ personId }, { targetType: 'PERSON', targetId: personId }, ...(enrolment ? [{ targetType: 'ENROLMENT' as const, targetId: enrolment.id }] : [])] },
    orderBy: { createdAt: 'desc' },
    take: PER_SOURCE,
  });
  const emails = await c.outboxEmail.findMany({ where: { personId }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE, select: emailSelect });
  const audits = await c.auditEvent.findMany({
    where: { personId, ...significant },
    orderBy: { occurredAt: 'desc' },
    take: PER_SOURCE,
    select: { id: true, occurredAt: true, action: true, actorId: true, actorLabel: true },
  });
  const nameOf = await namesOf(c, [
    ...personChanges.map((x) => x.actorId),
    ...enrolmentChanges.map((x) => x.actorId),
    ...membershipChanges.map((x) => x.actorId),
    ...notes.map((n) => n.authorId),
    ...audits.map((a) => a.actorId),
  ]);
  const aboutOf = (n: { targetType: string }) => (n.targetType === 'ENROLMENT' ? 'Enrolment' : 'Person');
  return mergeTimeline(
    personChanges.map((x) => ({ kind: 'status', id: x.id, at: x.createdAt, subject: 'Person', from: PERSON_STATUS_LABEL[x.fromStatus], to: PERSON_STATUS_LABEL[x.toStatus], reason: x.reason, actor: nameOf(x.actorId) })),
    enrolmentChanges.map((x) => ({ kind: 'status', id: x.id, at: x.createdAt, subject: 'Enrolment', from: x.fromStatus ? enrolmentStatusLabel(x.fromStatus) : null, to: enrolmentStatusLabel(x.toStatus), reason: x.reason, actor: nameOf(x.actorId) })),
    membershipChanges.map((x) => ({ kind: 'status', id: x.id, at: x.createdAt, subject: `Membership at ${worksiteOf.get(x.membershipId) ?? 'a worksite'}`, from: x.fromStatus ? membershipStatusLabel(x.fromStatus) : null, to: membershipStatusLabel(x.toStatus), reason: x.reason, actor: nameOf(x.actorId) })),
    notes.map((n) => ({ kind: 'note', id: n.id, at: n.createdAt, about: aboutOf(n), author: nameOf(n.authorId), body: n.body })),
    emails.map(emailEntry),
    eventEntries(audits, nameOf),
  );
}

/** Everything about a worksite: its status, its memberships, declarations, requests, notes and emails. */
export async function worksiteTimeline(c: Client, worksiteId: string): Promise<TimelineEntry[]> {
  const changes = await c.worksiteStatusChange.findMany({ where: { worksiteId }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE });
  const memberships = await c.membership.findMany({ where: { worksiteId }, select: { id: true, person: true } });
  const personOf = new Map(memberships.map((m) => [m.id, displayName(m.person)]));
  const membershipChanges = memberships.length
    ? await c.membershipStatusChange.findMany({ where: { membershipId: { in: [...personOf.keys()] } }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE })
    : [];
  const notes = await c.note.findMany({ where: { targetType: 'WORKSITE', targetId: worksiteId }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE });
  const emails = await c.outboxEmail.findMany({ where: { worksiteId }, orderBy: { createdAt: 'desc' }, take: PER_SOURCE, select: emailSelect });
  const audits = await c.auditEvent.findMany({
    where: { worksiteId, ...significant },
    orderBy: { occurredAt: 'desc' },
    take: PER_SOURCE,
    select: { id: true, occurredAt: true, action: true, actorId: true, actorLabel: true },
  });
  const nameOf = await namesOf(c, [...changes.map((x) => x.actorId), ...membershipChanges.map((x) => x.actorId), ...notes.map((n) => n.authorId), ...audits.map((a) => a.actorId)]);
  return mergeTimeline(
    changes.map((x) => ({ kind: 'status', id: x.id, at: x.createdAt, subject: 'Worksite', from: x.fromStatus ? worksiteStatusLabel(x.fromStatus) : null, to: worksiteStatusLabel(x.toStatus), reason: x.reason, actor: nameOf(x.actorId) })),
    membershipChanges.map((x) => ({ kind: 'status', id: x.id, at: x.createdAt, subject: `Membership of ${personOf.get(x.membershipId) ?? 'a person'}`, from: x.fromStatus ? membershipStatusLabel(x.fromStatus) : null, to: membershipStatusLabel(x.toStatus), reason: x.reason, actor: nameOf(x.actorId) })),
    notes.map((n) => ({ kind: 'note', id: n.id, at: n.createdAt, about: 'Worksite', author: nameOf(n.authorId), body: n.body })),
    emails.map(emailEntry),
    eventEntries(audits, nameOf),
  );
}
