import type { PersonStatus } from '@/generated/prisma/client';

// The team's record-keeping decisions (SPEC §2, §10). Who may take them is the policy table's
// (src/server/authz/policy.ts); nobody takes them on their own record, nor at a worksite they
// belong to (src/server/decisions/conflict.ts).

export const OWN_CONFLICT_MESSAGE: Record<'OWN_RECORD' | 'OWN_WORKSITE', string> = {
  OWN_RECORD: 'You cannot decide on your own record. Ask another member of the enrolment team.',
  OWN_WORKSITE: 'You cannot decide on a worksite you belong to, or on its people’s records there. Ask another member of the enrolment team.',
};

/** The same, worded for the one conflict-of-interest check (decisions/conflict.ts). */
export const TEAM_CONFLICT_MESSAGES = { ownRecord: OWN_CONFLICT_MESSAGE.OWN_RECORD, ownWorksite: OWN_CONFLICT_MESSAGE.OWN_WORKSITE };

export type PersonEvent = 'SUSPEND' | 'REINSTATE';

/** Person status machine for the team: ACTIVE ⇄ SUSPENDED; INACTIVE is left alone here. */
export function personTransition(from: PersonStatus, event: PersonEvent): { ok: true; to: PersonStatus } | { ok: false; reason: string } {
  if (event === 'SUSPEND' && from === 'ACTIVE') return { ok: true, to: 'SUSPENDED' };
  if (event === 'REINSTATE' && from === 'SUSPENDED') return { ok: true, to: 'ACTIVE' };
  return {
    ok: false,
    reason: event === 'SUSPEND' ? 'Only an active person can be suspended.' : 'Only a suspended person can be reinstated.',
  };
}

export const PERSON_STATUS_LABEL: Record<PersonStatus, string> = {
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  INACTIVE: 'Inactive',
};
