import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import {
  Button,
  ButtonLink,
  Card,
  Checkbox,
  CheckboxGroup,
  EmptyState,
  ErrorSummary,
  Fieldset,
  FormError,
  Notice,
  PageHeader,
  ProgressBar,
  RadioGroup,
  Select,
  StatusBadge,
  Table,
  TextArea,
  TextField,
} from '@/components/ui';
import { demoOnly } from '@/server/demo-only';
import { DemoForm } from './demo-form';

export const metadata: Metadata = { title: 'UI kit' };

const professions = [
  { value: 'PHYSICIAN', label: 'Physician' },
  { value: 'NURSE_PRACTITIONER', label: 'Nurse practitioner' },
  { value: 'MEDICAL_OFFICE_ASSISTANT', label: 'Medical office assistant' },
];

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

const safeguards = [
  { value: 'screen-lock', label: 'Screens lock after inactivity' },
  { value: 'patched', label: 'Operating systems and browsers are supported and patched' },
  { value: 'wifi', label: 'Wi-Fi is encrypted', hint: 'WPA2 or newer.' },
];

const statuses = [
  'ACTIVE',
  'APPROVED',
  'SUBMITTED',
  'IN_REVIEW',
  'PENDING_REVIEW',
  'CHANGES_REQUESTED',
  'DECLINED',
  'SUSPENDED',
  'DRAFT',
  'ENDED',
];

type Member = { id: string; name: string; role: string; status: string; since: string };

const members: Member[] = [
  { id: '1', name: 'Dr. Amrit Sandhu', role: 'Site admin', status: 'ACTIVE', since: '2025-03-04' },
  { id: '2', name: 'Morgan Lee', role: 'Member', status: 'PENDING_REVIEW', since: '2025-06-18' },
  { id: '3', name: 'Jo Tremblay', role: 'Member', status: 'DECLINED', since: '2025-07-01' },
];

const memberColumns = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (m: Member) => m.name },
  { key: 'role', header: 'Role', cell: (m: Member) => m.role },
  { key: 'status', header: 'Status', cell: (m: Member) => <StatusBadge status={m.status} /> },
  { key: 'since', header: 'Since', cell: (m: Member) => m.since, align: 'end' as const },
];

// Many columns, to show the sideways-scrolling region on narrow screens.
const wideColumns = [
  ...memberColumns,
  { key: 'email', header: 'Email', cell: (m: Member) => `person${m.id}@clinic.example` },
  { key: 'licence', header: 'Licence number', cell: (m: Member) => `LIC-00${m.id}42` },
  { key: 'worksite', header: 'Worksite ID', cell: () => 'WS-2025-0042' },
  { key: 'note', header: 'Last note', cell: () => 'Confirmed by phone with the clinic manager' },
];

// A pattern library for people building pages and for the accessibility checks; it is not
// part of the product, so production has no such page unless the demo is running.
export default async function UiKitPage() {
  await connection();
  demoOnly();

  return (
    <>
      <PageHeader
        caption="Pattern library"
        title="UI kit"
        lead="Every building block of the portal, in its normal and error states."
        actions={
          <ButtonLink href="/" variant="secondary">
            Back to the dashboard
          </ButtonLink>
        }
      />

      <Section title="Buttons">
        <div className="flex flex-wrap items-center gap-3">
          <Button>Continue</Button>
          <Button variant="secondary">Save as draft</Button>
          <Button variant="danger">Suspend worksite</Button>
          <Button variant="link">Cancel</Button>
          <Button size="sm">Small</Button>
          <Button size="lg">Large</Button>
          <Button pending pendingText="Saving…">
            Save
          </Button>
          <Button disabled>Not available</Button>
          <ButtonLink href="/ui-kit">A link styled as a button</ButtonLink>
        </div>
      </Section>

      <Section title="Text fields">
        <div className="grid gap-x-8 md:grid-cols-2">
          <div>
            <TextField name="kitGivenName" label="First name" autoComplete="off" />
            <TextField
              name="kitPhone"
              label="Phone"
              hint="10 digits, like 250-555-0123"
              type="tel"
              optional
              fieldWidth="md"
            />
            <TextArea name="kitReason" label="Reason for the change" hint="Up to 500 characters." />
          </div>
          <div>
            <TextField
              name="kitEmail"
              label="Email address"
              hint="We send notices about your enrolment here."
              type="email"
              defaultValue="name@"
              error="Enter an email address in the correct format, like name@example.com"
            />
            <TextField
              name="kitPostal"
              label="Postal code"
              fieldWidth="sm"
              defaultValue="V8W"
              error="Enter a full postal code, like V8W 9V1"
            />
            <TextArea name="kitDeclineReason" label="Reason for declining" error="Enter a reason" />
          </div>
        </div>
      </Section>

      <Section title="Select">
        <div className="grid gap-x-8 md:grid-cols-2">
          <Select
            name="kitProfession"
            label="Profession"
            placeholder="Choose a profession"
            options={professions}
            defaultValue="PHYSICIAN"
          />
          <Select
            name="kitProfessionError"
            label="Profession (with an error)"
            placeholder="Choose a profession"
            options={professions}
            defaultValue=""
            error="Choose your profession"
          />
        </div>
      </Section>

      <Section title="Checkboxes and radios">
        <div className="grid gap-x-8 md:grid-cols-2">
          <div>
            <Checkbox
              name="kitTerms"
              label="I have read the access agreement"
              hint="You can read it again at any time from your profile."
            />
            <RadioGroup
              name="kitLocum"
              legend="Do you work here as a locum?"
              options={yesNo}
              defaultValue="no"
              inline
            />
            <CheckboxGroup
              name="kitSafeguards"
              legend="Which safeguards are in place?"
              hint="Select all that apply."
              options={safeguards}
              defaultValue={['patched']}
            />
          </div>
          <div>
            <Checkbox
              name="kitTermsError"
              label="I have read the access agreement"
              error="Confirm that you have read the access agreement"
            />
            <RadioGroup
              name="kitLocumError"
              legend="Do you work here as a locum?"
              options={yesNo}
              inline
              error="Select yes if you work here as a locum"
            />
            <CheckboxGroup
              name="kitSafeguardsError"
              legend="Which safeguards are in place?"
              hint="Select all that apply."
              options={safeguards}
              error="Select at least one safeguard"
            />
          </div>
        </div>
      </Section>

      <Section title="Fieldset">
        <Fieldset
          legend="Worksite address"
          description="The street address where patients are seen, not a mailing address."
        >
          <TextField name="kitStreet" label="Street address" autoComplete="off" />
          <TextField name="kitCity" label="City" fieldWidth="lg" autoComplete="off" />
        </Fieldset>
      </Section>

      <Section title="Error summary and form errors">
        <ErrorSummary
          autoFocus={false}
          errors={[
            { fieldId: 'kitEmail', message: 'Enter an email address in the correct format' },
            { fieldId: 'kitLocumError', message: 'Select yes if you work here as a locum' },
          ]}
        />
        <FormError
          message="Something went wrong. Please try again."
          correlationId="7c9e6679-7425"
        />
        <FormError
          title="Someone else decided first"
          message="Another member of the team approved this enrolment a moment ago."
        />
      </Section>

      <Section title="Status badges">
        <ul className="flex flex-wrap gap-2">
          {statuses.map((s) => (
            <li key={s}>
              <StatusBadge status={s} />
            </li>
          ))}
          <li>
            <StatusBadge status="OVERDUE_DECLARATION" tone="danger" />
          </li>
          <li>
            <StatusBadge status="INTAKE_SUBMITTED" label="Waiting for the team" />
          </li>
        </ul>
      </Section>

      <Section title="Progress">
        <ProgressBar label="Your enrolment" value={3} max={5} />
        <ProgressBar label="Declaration" value={0} max={4} unit="sections" />
      </Section>

      <Section title="Tables">
        <Table
          caption="Members of Harbour Clinic"
          columns={memberColumns}
          rows={members}
          rowKey={(m) => m.id}
        />
        <Table
          caption="Members with contact details"
          columns={wideColumns}
          rows={members}
          rowKey={(m) => m.id}
        />
        <Table
          caption="Pending invitations"
          captionHidden
          columns={memberColumns}
          rows={[]}
          rowKey={(m) => m.id}
          emptyText="No one has been invited yet."
        />
      </Section>

      <Section title="Empty state">
        <EmptyState
          headingLevel={3}
          title="You have no worksites yet"
          text="Register your clinic to let your team enrol and join it."
          action={<ButtonLink href="/ui-kit">Register a worksite</ButtonLink>}
        />
      </Section>

      <Section title="Notices">
        <Notice tone="info" title="Reviews take up to 5 business days" headingLevel={3}>
          We email you when the enrolment team has decided.
        </Notice>
        <Notice tone="success" title="Your declaration is submitted" headingLevel={3} />
        <Notice tone="warning" title="Your privacy course expires soon" headingLevel={3}>
          Complete the course again before <strong>30 June 2026</strong> to keep your access.
        </Notice>
        <Notice tone="danger" title="This worksite is suspended" headingLevel={3}>
          No one at this worksite can use CareConnect until the team reinstates it.
        </Notice>
        <Notice tone="info">A notice without a title, for short messages.</Notice>
      </Section>

      <Section title="Cards">
        <div className="grid gap-x-6 md:grid-cols-2">
          <Card
            title="Harbour Clinic"
            headingLevel={3}
            actions={
              <ButtonLink href="/ui-kit" variant="secondary">
                View worksite
              </ButtonLink>
            }
          >
            <p>Worksite ID WS-2025-0042</p>
            <p className="mt-2">
              <StatusBadge status="ACTIVE" />
            </p>
          </Card>
          <Card title="Your enrolment" headingLevel={3}>
            <ProgressBar label="Steps" value={2} max={4} />
          </Card>
        </div>
      </Section>

      <Section title="A working form">
        <p className="mb-4 max-w-prose">
          Submit it empty to see client-side errors. It uses the same hook as every form in the
          portal.
        </p>
        <DemoForm />
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mb-12 border-t border-line-soft pt-6">
      <h2 className="mb-4 text-2xl font-bold">{title}</h2>
      {children}
    </section>
  );
}
