// Remote access (SPEC §8): only some professions (policy `remoteAccessPossible`), only after the
// membership at the physical worksite is ACTIVE, one open request per membership. Pure.
import type { GrantRequestStatus, MembershipStatus, Profession } from '@/generated/prisma/enums';
import { PROFESSION_ORDER, PROFESSIONS, remoteAccessPossible } from '../professions/rules';

const allowedLabels = () => {
  const labels = PROFESSION_ORDER.filter(remoteAccessPossible).map((p) => `${PROFESSIONS[p].label.toLowerCase()}s`);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? 'nobody');
};

export type Eligibility =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'CONFLICT'; reason: string };

export function remoteAccessEligibility(p: {
  profession: Profession | null | undefined;
  effectiveStatus: MembershipStatus;
  openRequest: GrantRequestStatus | null; // REQUESTED or APPROVED, if any
}): Eligibility {
  if (!p.profession || !remoteAccessPossible(p.profession))
    return {
      ok: false,
      code: 'FORBIDDEN',
      reason: `Remote access is only for ${allowedLabels()}${p.profession ? `, so as a ${PROFESSIONS[p.profession].label} you cannot ask for it` : ''}. You can still open CareConnect at the worksite itself.`,
    };
  if (p.effectiveStatus !== 'ACTIVE')
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: 'Your membership at this worksite must be active before you can ask for remote access.',
    };
  if (p.openRequest === 'REQUESTED')
    return { ok: false, code: 'CONFLICT', reason: 'You already asked for remote access here; the enrolment team has not decided yet.' };
  if (p.openRequest === 'APPROVED')
    return { ok: false, code: 'CONFLICT', reason: 'You already have remote access for this worksite.' };
  return { ok: true };
}

export const REMOTE_ACCESS_STATUS_LABEL: Record<GrantRequestStatus, string> = {
  REQUESTED: 'Waiting for the enrolment team',
  INSTRUCTIONS_SENT: 'Instructions sent',
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  REVOKED: 'Revoked',
};
