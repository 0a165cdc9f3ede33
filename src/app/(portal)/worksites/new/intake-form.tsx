'use client';
import { useRef, useState } from 'react';
import { useFieldArray, useWatch, type DefaultValues } from 'react-hook-form';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Fieldset, Notice, RadioGroup, Select, TextField } from '@/components/ui';
import type { WorksiteStatus } from '@/generated/prisma/enums';
import { registerWorksiteAction, resubmitIntakeAction } from '@/server/worksites/actions';
import {
  intakeSchema,
  LOCATION_TYPE_LABEL,
  MAX_EXPECTED_USERS,
  PROFESSION_LABEL,
  PROVINCE,
  ROLE_CONTEXT_LABEL,
  type IntakeInput,
} from '@/server/worksites/schema';

const LOCATION_HINT: Partial<Record<keyof typeof LOCATION_TYPE_LABEL, string>> = {
  NO_CLINICAL_APPS: 'Only for registering BC Services Cards. Never gives access to CareConnect.',
};
const locationOptions = Object.entries(LOCATION_TYPE_LABEL).map(([value, label]) => ({
  value,
  label,
  hint: LOCATION_HINT[value as keyof typeof LOCATION_TYPE_LABEL],
}));
const roleOptions = Object.entries(ROLE_CONTEXT_LABEL).map(([value, label]) => ({ value, label }));
const professionOptions = Object.entries(PROFESSION_LABEL).map(([value, label]) => ({
  value,
  label,
}));
const blankUser = { name: '', email: '', profession: '' } as const;

type Props = {
  defaultValues: DefaultValues<IntakeInput>;
  /** Set when correcting a registration the team sent back. */
  resubmit?: { worksiteId: string; expectedStatus: WorksiteStatus };
};

export function IntakeForm({ defaultValues, resubmit }: Props) {
  const state = useActionForm({
    schema: intakeSchema,
    // The server re-parses with the resubmit schema, which adds the worksite and the status seen.
    action: resubmit
      ? (values: IntakeInput) => resubmitIntakeAction({ ...values, ...resubmit })
      : registerWorksiteAction,
    defaultValues,
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const { register, control, formState } = form;
  const e = formState.errors;
  const { fields, append, remove } = useFieldArray({ control, name: 'expectedUsers' });
  const locationType = useWatch({ control, name: 'locationType' });
  const addButton = useRef<HTMLButtonElement>(null);
  const [announcement, setAnnouncement] = useState('');

  const removeUser = (index: number) => {
    remove(index);
    setAnnouncement(`Person ${index + 1} removed. ${fields.length - 1} listed.`);
    // The removed row's button is gone; keep focus somewhere predictable.
    addButton.current?.focus();
  };

  return (
    <ActionForm state={state} className="max-w-2xl">
      <Fieldset legend="Organization">
        <TextField
          label="Legal name"
          hint="As registered with BC Registries, or your own name for a sole proprietorship."
          autoComplete="organization"
          {...field('legalName')}
        />
        <TextField
          label="Operating name"
          hint="The name patients and staff know the worksite by."
          {...field('operatingName')}
        />
        <RadioGroup
          legend="Type of location"
          legendSize="sm"
          options={locationOptions}
          {...field('locationType')}
        />
        {locationType === 'NO_CLINICAL_APPS' && (
          <Notice
            tone="warning"
            title="This worksite will never give access to CareConnect"
            headingLevel={3}
          >
            <p>
              A &ldquo;No Clinical Apps&rdquo; worksite is only for registering BC Services Cards.
              Nobody can open the CareConnect eHealth Viewer through it, and it needs no Privacy
              &amp; Security Declaration. If people here need CareConnect, choose the type of
              location that describes the clinic instead.
            </p>
          </Notice>
        )}
        <Select
          label="Role context"
          hint="The kind of care given here. Most community clinics choose Community Services."
          options={roleOptions}
          fieldWidth="lg"
          {...field('roleContext')}
        />
      </Fieldset>

      <Fieldset legend="Location" description="Worksites must be in British Columbia.">
        <TextField label="Street address" autoComplete="street-address" {...field('street')} />
        <TextField label="City" autoComplete="address-level2" fieldWidth="lg" {...field('city')} />
        {/* Not a choice: the server accepts only BC, so the form sends it without asking. */}
        <div id="province" tabIndex={-1} className="mb-6">
          <p className="font-semibold">Province</p>
          <p data-testid="province">{PROVINCE.name}</p>
          <input type="hidden" {...register('province')} />
          {e.province?.message && (
            <p role="alert" className="mt-1 font-semibold text-danger-ink">
              <span className="sr-only">Error: </span>
              {e.province.message}
            </p>
          )}
        </div>
        <TextField
          label="Postal code"
          hint="Like V8W 1A1"
          autoComplete="postal-code"
          fieldWidth="sm"
          {...field('postalCode')}
        />
      </Fieldset>

      <Fieldset legend="Contact" description="The enrolment team uses these to reach the worksite.">
        <TextField
          label="Phone"
          type="tel"
          autoComplete="tel"
          hint="10 digits, like 250-555-0123"
          fieldWidth="md"
          {...field('phone')}
        />
        <TextField label="Worksite email" type="email" autoComplete="email" {...field('email')} />
      </Fieldset>

      <Fieldset legend="Electronic medical record (EMR)">
        <TextField
          label="EMR vendor"
          optional
          hint="If your EMR can open CareConnect with one click (Rapid Access), we will tell you how to set it up."
          {...field('emrVendor')}
        />
      </Fieldset>

      <Fieldset
        legend="People who will use CareConnect here"
        description={`Optional. When the worksite is active, each person listed gets an invitation to join it. You can list up to ${MAX_EXPECTED_USERS}.`}
      >
        {e.expectedUsers?.message && (
          <p id="expectedUsers" className="mb-4 font-semibold text-danger-ink">
            <span className="sr-only">Error: </span>
            {e.expectedUsers.message}
          </p>
        )}
        {fields.length === 0 && <p className="mb-4 text-muted">Nobody listed yet.</p>}
        <ol className="space-y-4">
          {fields.map((row, i) => (
            <li key={row.id}>
              <Fieldset
                legend={`Person ${i + 1}`}
                legendSize="sm"
                className="border-l-4 border-line pl-4"
              >
                <TextField label="Name" autoComplete="off" {...field(`expectedUsers.${i}.name`)} />
                <TextField
                  label="Email"
                  type="email"
                  autoComplete="off"
                  {...field(`expectedUsers.${i}.email`)}
                />
                <Select
                  label="Profession"
                  optional
                  placeholder="Not known yet"
                  options={professionOptions}
                  fieldWidth="lg"
                  {...field(`expectedUsers.${i}.profession`)}
                />
                <Button variant="secondary" size="sm" onClick={() => removeUser(i)}>
                  Remove person {i + 1}
                </Button>
              </Fieldset>
            </li>
          ))}
        </ol>
        <p role="status" className="sr-only">
          {announcement}
        </p>
        <Button
          ref={addButton}
          variant="secondary"
          className="mt-4"
          disabled={fields.length >= MAX_EXPECTED_USERS}
          onClick={() => {
            append({ ...blankUser });
            setAnnouncement(`Person ${fields.length + 1} added.`);
          }}
        >
          Add a person
        </Button>
      </Fieldset>

      <Button type="submit" pending={pending} pendingText="Submitting…">
        {resubmit ? 'Resubmit the registration' : 'Register the worksite'}
      </Button>
    </ActionForm>
  );
}
