'use client';
import Link from 'next/link';
import { useEffect } from 'react';
import { useWatch, type DefaultValues } from 'react-hook-form';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Fieldset, Notice, Select, TextField } from '@/components/ui';
import type { Profession } from '@/generated/prisma/enums';
import { saveEnrolmentAction } from '@/server/enrolments/actions';
import { enrolmentFormSchema, type EnrolmentFormInput } from '@/server/enrolments/schema';
import { isProfession, PROFESSION_ORDER, PROFESSIONS } from '@/server/professions/rules';
import { LicenceField } from './licence-field';
import { SummaryList } from './summary-list';

const professionOptions = PROFESSION_ORDER.map((p) => ({ value: p, label: PROFESSIONS[p].label }));

type Props = {
  defaultValues: DefaultValues<EnrolmentFormInput>;
  /** Submitted before: profession and licence number are shown, not editable. */
  locked: boolean;
  lockedSummary: { label: string; value: string }[];
  /** The team asked for changes: the button submits the form again. */
  resubmitting: boolean;
};

export function EnrolmentForm({ defaultValues, locked, lockedSummary, resubmitting }: Props) {
  const state = useActionForm({
    schema: enrolmentFormSchema,
    action: saveEnrolmentAction,
    defaultValues,
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const { control, setValue, formState } = form;
  const e = formState.errors;
  const chosen = useWatch({ control, name: 'profession' });
  const profession: Profession | null = isProfession(chosen) ? chosen : null;
  const policy = profession ? PROFESSIONS[profession] : null;

  // Fields the chosen profession does not use are hidden, and emptied so they are not refused.
  useEffect(() => {
    if (locked || !policy) return;
    if (!policy.licenceRequired) setValue('licenceNumber', '');
    if (!policy.needsJobTitle) setValue('jobTitle', '');
    if (!policy.needsResidencyDates) {
      setValue('residencyStart', '');
      setValue('residencyEnd', '');
    }
  }, [locked, policy, setValue]);

  const submitAs = (intent: 'save' | 'submit') => () => setValue('intent', intent);

  return (
    <ActionForm state={state} className="max-w-2xl">
      <Fieldset legend="Your profession">
        {locked ? (
          <div className="mb-6">
            <SummaryList
              className="mb-3"
              rows={lockedSummary.filter((r) => ['Profession', 'College', 'Licence number'].includes(r.label))}
            />
            <p>
              These were locked when you submitted your enrolment.{' '}
              <Link href="/enrolment/profession-change" className="font-semibold underline">
                Request a profession change
              </Link>
            </p>
            {(e.profession || e.licenceNumber) && (
              <p className="mt-2 font-semibold text-danger-ink" id="profession">
                {e.profession?.message ?? e.licenceNumber?.message}
              </p>
            )}
          </div>
        ) : (
          <>
            <Select
              label="Profession"
              placeholder="Choose your profession"
              options={professionOptions}
              {...field('profession')}
              id="profession"
            />
            <LicenceField policy={policy} {...field('licenceNumber')} />
          </>
        )}
        {policy?.needsJobTitle && (
          <TextField
            label="Job title"
            hint="As your clinic calls your role, for example Medical office assistant or Clinic coordinator."
            {...field('jobTitle')}
            id="jobTitle"
          />
        )}
        {policy?.needsResidencyDates && (
          <>
            <TextField
              type="date"
              label="Residency start date"
              hint="Format: YYYY-MM-DD"
              fieldWidth="md"
              {...field('residencyStart')}
              id="residencyStart"
            />
            <TextField
              type="date"
              label="Residency end date"
              hint="Your access ends with your residency. Format: YYYY-MM-DD"
              fieldWidth="md"
              {...field('residencyEnd')}
              id="residencyEnd"
            />
          </>
        )}
      </Fieldset>

      <Fieldset
        legend="Preferred name"
        description="Use this if your college licence shows a different name than your BC Services Card. Leave blank to use your legal name."
      >
        <TextField label="Preferred first name" optional autoComplete="given-name" {...field('preferredGivenName')} id="preferredGivenName" />
        <TextField label="Preferred last name" optional autoComplete="family-name" {...field('preferredFamilyName')} id="preferredFamilyName" />
      </Fieldset>

      <Fieldset legend="Contact details" description="The enrolment team uses these to reach you about your enrolment.">
        <TextField label="Contact email" type="email" autoComplete="email" {...field('contactEmail')} id="contactEmail" />
        <TextField label="Phone" type="tel" autoComplete="tel" hint="10 digits, like 250-555-0123" fieldWidth="md" {...field('contactPhone')} id="contactPhone" />
      </Fieldset>

      {!locked && (
        <Notice tone="warning" title="Submitting locks your profession">
          <p>
            After you submit, you cannot change your profession or licence number yourself: you would have to
            request a profession change, which the enrolment team checks with your college. Until then, you can
            save the form and come back to it.
          </p>
        </Notice>
      )}

      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="primary" pending={pending} pendingText="Sending…" onClick={submitAs('submit')}>
          {resubmitting ? 'Submit the corrected form' : 'Submit enrolment'}
        </Button>
        <Button type="submit" variant="secondary" disabled={pending} onClick={submitAs('save')}>
          Save without submitting
        </Button>
      </div>
    </ActionForm>
  );
}
