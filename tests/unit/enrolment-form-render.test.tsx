import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

// The form posts through a server action; rendering needs only its reference.
vi.mock('@/server/enrolments/actions', () => ({ saveEnrolmentAction: vi.fn(), requestProfessionChangeAction: vi.fn() }));

const { EnrolmentForm } = await import('@/app/(portal)/enrolment/enrolment-form');
const { ProfessionChangeForm } = await import('@/app/(portal)/enrolment/profession-change/profession-change-form');

const values = {
  licenceNumber: '',
  jobTitle: '',
  residencyStart: '',
  residencyEnd: '',
  preferredGivenName: '',
  preferredFamilyName: '',
  contactEmail: 'pat@example.com',
  contactPhone: '',
  submissionKey: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  intent: 'submit' as const,
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('EnrolmentForm', () => {
  it('before a profession is chosen: the select, no profession fields, and the lock warning', () => {
    const html = renderToStaticMarkup(<EnrolmentForm defaultValues={values} locked={false} lockedSummary={[]} resubmitting={false} />);
    expect(html).toMatch(/<select[^>]*id="profession"/);
    expect(html).not.toContain('id="licenceNumber"');
    expect(html).not.toContain('id="jobTitle"');
    expect(text(html)).toContain('Submitting locks your profession');
    expect(text(html)).toContain('Save without submitting');
  });

  it('a resident sees the CPSBC licence field with its hint and both residency dates, no job title', () => {
    const html = renderToStaticMarkup(
      <EnrolmentForm defaultValues={{ ...values, profession: 'RESIDENT_PHYSICIAN' }} locked={false} lockedSummary={[]} resubmitting={false} />,
    );
    expect(text(html)).toContain('CPSBC licence number');
    expect(text(html)).toContain('5 digits, like 12345');
    expect(html).toMatch(/<input[^>]*type="date"[^>]*id="residencyStart"/);
    expect(html).toMatch(/<input[^>]*type="date"[^>]*id="residencyEnd"/);
    expect(html).not.toContain('id="jobTitle"');
  });

  it('an MOA sees a job title and no licence number', () => {
    const html = renderToStaticMarkup(
      <EnrolmentForm defaultValues={{ ...values, profession: 'MEDICAL_OFFICE_ASSISTANT' }} locked={false} lockedSummary={[]} resubmitting={false} />,
    );
    expect(html).toContain('id="jobTitle"');
    expect(html).not.toContain('id="licenceNumber"');
  });

  it('once locked: the profession is shown read-only with a link to request a change', () => {
    const html = renderToStaticMarkup(
      <EnrolmentForm
        defaultValues={{ ...values, profession: 'PHYSICIAN', licenceNumber: '12345' }}
        locked
        lockedSummary={[
          { label: 'Profession', value: 'Physician' },
          { label: 'Licence number', value: '12345' },
        ]}
        resubmitting
      />,
    );
    expect(html).not.toContain('<select');
    expect(html).not.toContain('id="licenceNumber"');
    expect(text(html)).toContain('Profession Physician');
    expect(html).toMatch(/href="\/enrolment\/profession-change"[^>]*>Request a profession change/);
    expect(text(html)).not.toContain('Submitting locks your profession');
    expect(text(html)).toContain('Submit the corrected form');
  });
});

describe('ProfessionChangeForm', () => {
  it('asks for the new profession, the licence for its college, and a reason', () => {
    const html = renderToStaticMarkup(
      <ProfessionChangeForm defaultValues={{ toProfession: 'REGISTERED_NURSE', licenceNumber: '', reason: '', submissionKey: values.submissionKey }} />,
    );
    expect(html).toMatch(/<select[^>]*id="toProfession"/);
    expect(text(html)).toContain('BCCNM licence number');
    expect(html).toMatch(/<textarea[^>]*id="reason"/);
  });
});
