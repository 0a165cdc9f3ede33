'use client';
import { ChoiceButtons, type Choice } from '@/components/forms/choice-buttons';
import { resendInvitationAction, revokeInvitationAction } from '@/server/invitations/actions';
import {
  confirmJoinRequestAction,
  declineJoinRequestAction,
  endLocumAction,
  grantSiteAdminAction,
  inactivateMemberAction,
  reactivateMemberAction,
  removeSiteAdminAction,
} from '@/server/memberships/actions';
import type { MemberAction } from '@/server/memberships/rules';
import type { InvitationAction } from '@/server/invitations/rules';

type Spec = Choice<Record<string, string>>;

const MEMBER: Record<MemberAction, Spec> = {
  CONFIRM_JOIN: {
    label: 'Confirm',
    run: confirmJoinRequestAction,
    done: (n) => `${n} is confirmed. The enrolment team will set up their access.`,
    variant: 'primary',
  },
  DECLINE_JOIN: {
    label: 'Decline',
    run: declineJoinRequestAction,
    confirm: (n) => `Decline ${n}'s request to join? They will not become a member.`,
    done: (n) => `${n}'s request was declined.`,
  },
  GRANT_ADMIN: {
    label: 'Make site administrator',
    run: grantSiteAdminAction,
    done: (n) => `${n} is now a site administrator.`,
  },
  REMOVE_ADMIN: {
    label: 'Remove site administrator role',
    run: removeSiteAdminAction,
    confirm: (n) => `Remove the site administrator role from ${n}? They stay a member.`,
    done: (n) => `${n} is no longer a site administrator.`,
  },
  INACTIVATE: {
    label: 'Inactivate',
    run: inactivateMemberAction,
    confirm: (n) =>
      `Inactivate ${n}? They cannot open CareConnect here until a site administrator reactivates them.`,
    done: (n) => `${n} is inactive.`,
  },
  REACTIVATE: {
    label: 'Reactivate',
    run: reactivateMemberAction,
    done: (n) => `${n} is active again.`,
  },
  END_LOCUM: {
    label: 'End locum',
    run: endLocumAction,
    confirm: (n) =>
      `End ${n}'s locum membership? This cannot be undone; they would need a new invitation to return.`,
    done: (n) => `${n}'s locum membership has ended.`,
  },
};

const INVITATION: Record<InvitationAction, Spec | null> = {
  ACCEPT: null,
  RESEND: {
    label: 'Resend',
    run: resendInvitationAction,
    done: (e) => `A new link was sent to ${e}. The previous link no longer works.`,
  },
  REVOKE: {
    label: 'Revoke',
    run: revokeInvitationAction,
    confirm: (e) => `Revoke the invitation to ${e}? The link in their email will stop working.`,
    done: (e) => `The invitation to ${e} was revoked.`,
  },
};

/** The buttons of one row. The actions revalidate the members page themselves. */
function RowActions({
  specs,
  input,
  name,
}: {
  specs: Spec[];
  input: Record<string, string>;
  name: string;
}) {
  return (
    <ChoiceButtons
      choices={specs}
      input={input}
      name={name}
      refresh={false}
      errorTitle={(code) =>
        code === 'LAST_SITE_ADMIN' ? 'This worksite needs a site administrator' : undefined
      }
    />
  );
}

export function MemberRowActions(p: {
  worksiteId: string;
  membershipId: string;
  name: string;
  actions: MemberAction[];
}) {
  if (p.actions.length === 0) return null;
  return (
    <RowActions
      specs={p.actions.map((a) => MEMBER[a])}
      input={{ worksiteId: p.worksiteId, membershipId: p.membershipId }}
      name={p.name}
    />
  );
}

export function InvitationRowActions(p: {
  worksiteId: string;
  invitationId: string;
  email: string;
  actions: InvitationAction[];
}) {
  const specs = p.actions.map((a) => INVITATION[a]).filter((s): s is Spec => s !== null);
  if (specs.length === 0) return null;
  return (
    <RowActions
      specs={specs}
      input={{ worksiteId: p.worksiteId, invitationId: p.invitationId }}
      name={p.email}
    />
  );
}
