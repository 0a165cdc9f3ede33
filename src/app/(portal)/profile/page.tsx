import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui';
import { requireUserPage } from '@/server/auth/session';
import { waitingContactEmail } from '@/server/people/contact-email-queries';
import { getProfile } from '@/server/people/queries';
import { pacificMinute } from '@/server/decisions';
import { PendingContactEmail } from './pending-contact-email';
import { ProfileForm } from './profile-form';

export const metadata: Metadata = { title: 'Your profile' };

export default async function ProfilePage() {
  const me = await requireUserPage();
  const [profile, waiting] = await Promise.all([getProfile(me.id), waitingContactEmail(me)]);
  return (
    <>
      <PageHeader title="Your profile" lead="Your legal name and birthdate come from your BC Services Card." />
      <dl className="mb-8 grid gap-x-6 gap-y-2 rounded border border-gray-300 p-4 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Legal name</dt>
        <dd data-testid="legal-name">{profile!.legalName}</dd>
        <dt className="font-semibold">Birthdate</dt>
        <dd>{profile!.birthdate ?? 'Not provided'}</dd>
      </dl>
      <p className="mb-6 text-gray-700">
        To change your legal name or birthdate, update them with your BC Services Card. They refresh
        the next time you sign in.
      </p>
      {waiting && (
        <PendingContactEmail
          changeId={waiting.changeId}
          email={waiting.email}
          currentEmail={profile!.contactEmail || null}
          expired={waiting.expired}
          expiresAt={pacificMinute(waiting.expiresAt)}
          maySendAgain={waiting.maySendAgain}
        />
      )}
      <ProfileForm
        defaultValues={{
          preferredGivenName: profile!.preferredGivenName,
          preferredFamilyName: profile!.preferredFamilyName,
          contactEmail: profile!.contactEmail,
          contactPhone: profile!.contactPhone,
        }}
      />
    </>
  );
}
