'use client';
import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, Fieldset, ProgressBar, RadioGroup, TextArea, TextField } from '@/components/ui';
import type { WorksiteStatus } from '@/generated/prisma/enums';
import { submitDeclarationAction } from '@/server/declarations/actions';
import { declarationFormSchema, FILE_FIELD, type DeclarationFormInput } from '@/server/declarations/schema';
import { UPLOAD_ACCEPT } from '@/server/files/sniff';

type Props = {
  worksiteId: string;
  expectedStatus: WorksiteStatus;
  versionId: string;
  safeguards: { key: string; text: string }[];
  defaults: {
    signerName: string;
    signerTitle: string;
    answers: Record<string, { answer?: 'yes' | 'no'; explanation: string }>;
  };
  today: string; // YYYY-MM-DD, Pacific
};

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

export function DeclarationForm({ worksiteId, expectedStatus, versionId, safeguards, defaults, today }: Props) {
  const keys = useMemo(() => safeguards.map((s) => s.key), [safeguards]);
  const schema = useMemo(() => declarationFormSchema(keys), [keys]);
  const state = useActionForm({
    schema,
    // A file cannot travel in plain values: the fields go as JSON beside it (see schema.ts).
    action: (values: DeclarationFormInput) => {
      const { [FILE_FIELD]: file, ...fields } = values;
      const data = new FormData();
      data.set('fields', JSON.stringify(fields));
      if (file) data.set(FILE_FIELD, file);
      return submitDeclarationAction(data);
    },
    defaultValues: {
      worksiteId,
      expectedStatus,
      versionId,
      answers: defaults.answers,
      signerName: defaults.signerName,
      signerTitle: defaults.signerTitle,
      attestsSigningAuthority: false,
      typedSignature: '',
      [FILE_FIELD]: null,
    },
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const { formState, control, setValue } = form;
  const e = formState.errors;
  const answers = useWatch({ control, name: 'answers' });
  const answered = keys.filter((k) => answers?.[k]?.answer === 'yes' || answers?.[k]?.answer === 'no').length;

  return (
    <ActionForm state={state} className="max-w-3xl">
      <ProgressBar
        label="Your progress"
        value={answered}
        max={keys.length}
        valueText={`${answered} of ${keys.length} safeguards answered`}
      />

      <Fieldset
        legend="Safeguards"
        description="Answer every statement. If you answer “no”, explain why and what the worksite does instead."
      >
        {safeguards.map((s, i) => (
          <div key={s.key} className="mb-2 border-b border-line pb-4">
            <RadioGroup
              legend={`${i + 1}. ${s.text}`}
              options={YES_NO}
              inline
              {...field(`answers.${s.key}.answer`)}
            />
            {answers?.[s.key]?.answer === 'no' && (
              <TextArea
                label="Explain why, and what the worksite does instead"
                rows={3}
                {...field(`answers.${s.key}.explanation`)}
              />
            )}
          </div>
        ))}
      </Fieldset>

      <Fieldset legend="Antivirus screenshot">
        <TextField
          type="file"
          name={FILE_FIELD}
          label="Screenshot of your antivirus software"
          hint="PNG or JPEG, up to 5 MB, showing your antivirus software is active"
          accept={UPLOAD_ACCEPT}
          error={e[FILE_FIELD]?.message}
          onChange={(event) =>
            setValue(FILE_FIELD, event.currentTarget.files?.[0] ?? null, {
              shouldDirty: true,
              shouldValidate: formState.isSubmitted,
            })
          }
        />
      </Fieldset>

      <Fieldset
        legend="Sign the declaration"
        description="Only a person with signing authority for the worksite may sign."
      >
        <TextField label="Your full name" autoComplete="name" {...field('signerName')} />
        <TextField label="Your job title" autoComplete="organization-title" {...field('signerTitle')} />
        <Checkbox
          label="I have signing authority for this worksite: I can make this declaration on its behalf."
          {...field('attestsSigningAuthority')}
        />
        <TextField
          label="Type your full name to sign"
          hint="Type your name exactly as above. This is your signature."
          autoComplete="off"
          {...field('typedSignature')}
        />
        <p className="mb-6">
          <span className="font-semibold">Date:</span> {today}
        </p>
      </Fieldset>

      <Button type="submit" pending={pending} pendingText="Submitting…">
        Sign and submit the declaration
      </Button>
    </ActionForm>
  );
}
