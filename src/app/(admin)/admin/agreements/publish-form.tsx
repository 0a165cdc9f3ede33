'use client';
import { useState } from 'react';
import { formLevelMessage, useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, Notice, RadioGroup, TextArea, TextField } from '@/components/ui';
import { publishAgreementVersionAction } from '@/server/agreements/actions';
import { agreementSections } from '@/server/agreements/rules';
import { publishVersionFieldsSchema, type PublishVersionFields } from '@/server/agreements/schema';

type Kind = 'HPCAA' | 'DECLARATION';
const KIND_LABEL: Record<Kind, string> = {
  HPCAA: 'Access agreement (HPCAA)',
  DECLARATION: 'Privacy & Security Declaration',
};
type Field = keyof PublishVersionFields;
const FIELDS: Field[] = ['kind', 'title', 'body', 'effectiveDate', 'reacceptRequired', 'graceDays'];

/** Fill in, preview exactly what people will read, then confirm: a published text never changes. */
export function PublishVersionForm({
  nextVersion,
  today,
}: {
  nextVersion: Record<Kind, number>;
  today: string;
}) {
  const [kind, setKind] = useState<Kind>('HPCAA');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(today);
  const [reaccept, setReaccept] = useState<'yes' | 'no'>('yes');
  const [graceDays, setGraceDays] = useState('30');
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [preview, setPreview] = useState<PublishVersionFields | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { run, pending, error, clearError } = useActionButton<{
    version: number;
    kind: Kind;
    peopleEmailed: number;
  }>({
    onSuccess: (r) => {
      setDone(
        `Version ${r.version} of the ${KIND_LABEL[r.kind]} is published. ${r.peopleEmailed} email${r.peopleEmailed === 1 ? '' : 's'} queued.`,
      );
      setPreview(null);
      setTitle('');
      setBody('');
      setEffectiveDate(today);
    },
  });
  // A field shows the form's own check, else the server's answer; each new preview clears both.
  const errors = Object.fromEntries(
    FIELDS.map((f) => [f, invalid[f] ?? error?.fieldErrors[f]]),
  ) as Partial<Record<Field, string>>;
  const formError = formLevelMessage(error, FIELDS);

  const values = (): PublishVersionFields => ({
    kind,
    title,
    body,
    effectiveDate: effectiveDate.trim(),
    reacceptRequired: reaccept === 'yes',
    graceDays: reaccept === 'yes' ? (graceDays.trim() === '' ? NaN : Number(graceDays)) : 0,
  });

  const showPreview = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    clearError();
    const r = publishVersionFieldsSchema.safeParse(values());
    if (!r.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const i of r.error.issues) next[i.path[0] as Field] ??= i.message;
      setInvalid(next);
      return;
    }
    setInvalid({});
    setPreview(r.data);
  };

  const publish = () => {
    if (!preview) return;
    run(async () => {
      const r = await publishAgreementVersionAction({ ...preview, confirmed: true });
      if (!r.ok) setPreview(null); // back to the form, where the field errors are shown
      return r;
    });
  };

  return (
    <section aria-labelledby="publish" className="mb-10 max-w-3xl">
      <h2 id="publish" className="mb-3 text-2xl font-bold">
        Publish a new version
      </h2>
      {done && (
        <Notice tone="success" title="Published" role="status">
          {done}
        </Notice>
      )}
      {preview ? (
        <div data-testid="publish-preview">
          <Notice
            tone="warning"
            title={`Check version ${nextVersion[preview.kind]} of the ${KIND_LABEL[preview.kind]} before you publish it`}
          >
            Once published the text cannot be changed. It takes effect on {preview.effectiveDate}{' '}
            (Pacific time).{' '}
            {preview.reacceptRequired
              ? `Everyone who accepted an earlier version must accept this one within ${preview.graceDays} day${preview.graceDays === 1 ? '' : 's'} of that date, and is emailed now.`
              : 'Earlier acceptances keep counting; only new acceptances sign this version.'}
          </Notice>
          <FormError message={formError} correlationId={error?.correlationId} />
          <h3 className="mb-2 text-xl font-bold">{preview.title}</h3>
          <div
            role="region"
            aria-label="Text of the new version"
            tabIndex={0}
            className="mb-6 max-h-[24rem] overflow-y-auto rounded border border-line bg-white p-5"
          >
            {agreementSections(preview.body).map((s, i) => (
              <div key={i} className="mb-4 last:mb-0">
                {s.heading && <h4 className="mb-2 text-lg font-bold">{s.heading}</h4>}
                {s.paragraphs.map((p, j) => (
                  <p key={j} className="mb-2 max-w-prose">
                    {p}
                  </p>
                ))}
              </div>
            ))}
          </div>
          <div className="flex flex-wrap gap-3">
            <Button variant="primary" pending={pending} pendingText="Publishing…" onClick={publish}>
              Publish version {nextVersion[preview.kind]}
            </Button>
            <Button variant="secondary" onClick={() => setPreview(null)}>
              Back to the form
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={showPreview} noValidate>
          <FormError message={formError} correlationId={error?.correlationId} />
          <RadioGroup
            name="kind"
            legend="Document"
            options={(['HPCAA', 'DECLARATION'] as const).map((k) => ({
              value: k,
              label: `${KIND_LABEL[k]} (version ${nextVersion[k]})`,
            }))}
            defaultValue={kind}
            error={errors.kind}
            onChange={(e) => setKind((e.target as HTMLInputElement).value as Kind)}
          />
          <TextField
            name="title"
            label="Title"
            value={title}
            maxLength={200}
            error={errors.title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <TextArea
            name="body"
            label="Text"
            hint="Separate sections with a blank line; the first line of a section is its heading. For the declaration, the safeguard statements stay those of the current version."
            rows={12}
            value={body}
            error={errors.body}
            onChange={(e) => setBody(e.target.value)}
          />
          <TextField
            name="effectiveDate"
            label="Effective date"
            hint="Today or later, as YYYY-MM-DD. The version takes effect at midnight Pacific time that day."
            type="date"
            fieldWidth="sm"
            value={effectiveDate}
            error={errors.effectiveDate}
            onChange={(e) => setEffectiveDate(e.target.value)}
          />
          <RadioGroup
            name="reacceptRequired"
            legend="Must people who accepted an earlier version accept this one?"
            inline
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No, earlier acceptances still count' },
            ]}
            defaultValue={reaccept}
            error={errors.reacceptRequired}
            onChange={(e) => setReaccept((e.target as HTMLInputElement).value as 'yes' | 'no')}
          />
          {reaccept === 'yes' && (
            <TextField
              name="graceDays"
              label="Grace period in days"
              hint="From the effective date, how long an earlier acceptance still counts (0 to 365). With 0, access pauses on the effective date until people accept."
              inputMode="numeric"
              fieldWidth="sm"
              value={graceDays}
              error={errors.graceDays}
              onChange={(e) => setGraceDays(e.target.value)}
            />
          )}
          <Button type="submit" variant="primary">
            Preview
          </Button>
        </form>
      )}
    </section>
  );
}
