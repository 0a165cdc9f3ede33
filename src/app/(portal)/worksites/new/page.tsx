import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { IntakeForm } from './intake-form';

export const metadata: Metadata = { title: 'Register a worksite' };

export default async function NewWorksitePage() {
  await requireViewerPage();
  return (
    <>
      <PageHeader
        title="Register a worksite"
        lead="Tell us about the clinic or organization where people will use CareConnect. You become its first site administrator."
      />
      <IntakeForm
        defaultValues={{
          legalName: '',
          operatingName: '',
          roleContext: 'COMMUNITY_SERVICES',
          street: '',
          city: '',
          province: 'BC',
          postalCode: '',
          phone: '',
          email: '',
          emrVendor: '',
          expectedUsers: [],
          // New on every render of this page: submitting the same rendered form twice registers once.
          submissionKey: randomUUID(),
        }}
      />
    </>
  );
}
