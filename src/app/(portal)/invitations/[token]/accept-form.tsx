'use client';
import { OnceButton } from '@/components/forms/once-button';
import { ButtonLink, Notice } from '@/components/ui';
import { acceptInvitationAction } from '@/server/invitations/actions';

export function AcceptForm({ token, worksiteName }: { token: string; worksiteName: string }) {
  return (
    <OnceButton
      action={() => acceptInvitationAction({ token })}
      pendingText="Accepting…"
      done={(joined) => {
        const alreadyMember = joined.outcome === 'ALREADY_MEMBER';
        return (
          <Notice
            tone="success"
            title={
              alreadyMember
                ? `You are already a member of ${joined.operatingName}`
                : `You have joined ${joined.operatingName}`
            }
          >
            <p className="mb-3">
              {alreadyMember
                ? 'The invitation is used up; nothing else needed to change.'
                : 'The enrolment team will now set up your access. You will get an email when it is ready.'}
            </p>
            <ButtonLink href={`/worksites/${joined.worksiteId}`} variant="secondary">
              Go to the worksite
            </ButtonLink>
          </Notice>
        );
      }}
    >
      Accept invitation<span className="sr-only"> to join {worksiteName}</span>
    </OnceButton>
  );
}
