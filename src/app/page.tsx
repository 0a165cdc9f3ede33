import Link from 'next/link';
import { SignInButton } from '@/components/auth/auth-buttons';
import { Card, PageHeader } from '@/components/ui';
import { Checklist } from '@/components/checklist/checklist';
import { currentPerson } from '@/server/auth/session';
import { dashboard } from '@/server/enrolments/queries';
import { env } from '@/server/env';

export default async function HomePage() {
  const me = await currentPerson();
  if (!me) {
    return (
      <>
        <PageHeader
          title={`Welcome to ${env().APP_NAME}`}
          lead="Register your clinic and enrol for access to the CareConnect eHealth Viewer, a view-only window on your patients' provincial health records."
        />
        <div className="space-y-4">
          <p>Clinic managers register worksites here. Practitioners and office staff enrol and join their worksites.</p>
          <SignInButton />
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title={`Welcome, ${me.displayName}`} lead="Your BC Services Card is linked with CareConnect." />
      <div className="mb-8">
        <Checklist checklist={await dashboard(me.id)} />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Your profile" headingLevel={2}>
          <p>Check your legal name and set your preferred name and contact details.</p>
          <p className="mt-3">
            <Link className="font-semibold underline" href="/profile">
              Go to your profile
            </Link>
          </p>
        </Card>
        <Card title="Your worksites" headingLevel={2}>
          <p>Register a clinic, or see the worksites you belong to.</p>
          <p className="mt-3">
            <Link className="font-semibold underline" href="/worksites">
              Go to your worksites
            </Link>
          </p>
        </Card>
        {me.staffRoles.length > 0 && (
          <Card title="Enrolment team" headingLevel={2}>
            <p>Review worksites, enrolments and memberships.</p>
            <p className="mt-3">
              <Link className="font-semibold underline" href="/admin">
                Open the enrolment team area
              </Link>
            </p>
          </Card>
        )}
      </div>
    </>
  );
}
