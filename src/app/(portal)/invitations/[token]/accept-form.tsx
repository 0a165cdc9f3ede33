'use client';
import { useState, useTransition } from 'react';
import { Button, ButtonLink, FormError, Notice } from '@/components/ui';
import { acceptInvitationAction } from '@/server/invitations/actions';

export function AcceptForm({ token, worksiteName }: { token: string; worksiteName: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [joined, setJoined] = useState<{
    worksiteId: string;
    name: string;
    alreadyMember: boolean;
  } | null>(null);

  if (joined) {
    return (
      <Notice
        tone="success"
        title={
          joined.alreadyMember
            ? `You are already a member of ${joined.name}`
            : `You have joined ${joined.name}`
        }
      >
        <p className="mb-3">
          {joined.alreadyMember
            ? 'The invitation is used up; nothing else needed to change.'
            : 'The enrolment team will now set up your access. You will get an email when it is ready.'}
        </p>
        <ButtonLink href={`/worksites/${joined.worksiteId}`} variant="secondary">
          Go to the worksite
        </ButtonLink>
      </Notice>
    );
  }

  return (
    <div>
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <Button
        variant="primary"
        pending={pending}
        pendingText="Accepting…"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const r = await acceptInvitationAction({ token });
              if (r.ok)
                setJoined({
                  worksiteId: r.data.worksiteId,
                  name: r.data.operatingName,
                  alreadyMember: r.data.outcome === 'ALREADY_MEMBER',
                });
              else
                setError({
                  message: r.formError ?? 'Something went wrong. Please try again.',
                  correlationId: r.correlationId,
                });
            } catch {
              setError({ message: 'Something went wrong. Please try again.' });
            }
          })
        }
      >
        Accept invitation<span className="sr-only"> to join {worksiteName}</span>
      </Button>
    </div>
  );
}
