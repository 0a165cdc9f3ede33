// Shared builders for the team-area integration tests: staff members and open sessions.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { now } from './clock';

export const ctx = { requestId: 'req-team-area', ip: '192.0.2.44' };

/** Every way of being signed in that a team action must tell apart. */
export const CALLERS = ['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN', 'NONE'] as const;
export type CallerKind = (typeof CALLERS)[number];

export async function staffMember(roles: StaffRoleKind[], givenName = 'Sam') {
  const p = await ensurePerson(db(), { givenName, familyName: `Staff-${randomUUID().slice(0, 6)}`, staffRoles: roles });
  return { id: p.id, staffRoles: roles, person: p };
}

export const callerOf = (kind: CallerKind) => staffMember(kind === 'NONE' ? [] : [kind], kind === 'NONE' ? 'Nora' : 'Sam');

/** An open session row, as sign-in leaves it. */
export async function openSession(personId: string) {
  const t = now().getTime();
  return db().session.create({
    data: { personId, tokenHash: randomUUID(), expires: new Date(t + 30 * 60_000), absoluteEnd: new Date(t + 12 * 3600_000) },
  });
}

export function expectRefused<T>(r: ActionResult<T>, code: string, message?: RegExp) {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.code).toBe(code);
  if (message) expect(r.formError).toMatch(message);
}
