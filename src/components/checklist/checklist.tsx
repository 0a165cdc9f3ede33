import Link from 'next/link';
import { ButtonLink, Heading, Notice, ProgressBar, StatusBadge, type HeadingLevel } from '@/components/ui';
import type { DashboardChecklist } from '@/server/enrolments/queries';

export type ChecklistProps = {
  checklist: DashboardChecklist;
  headingLevel?: HeadingLevel;
};

/** The personal enrolment checklist (SPEC §7): progress, the five steps, the next step, the status. */
export function Checklist({ checklist: c, headingLevel = 2 }: ChecklistProps) {
  const inner = Math.min(headingLevel + 1, 6) as HeadingLevel;
  return (
    <section aria-labelledby="checklist-heading" className="mb-8 rounded border border-line-soft bg-white p-5 shadow-sm">
      <Heading level={headingLevel} id="checklist-heading" className="mb-4 text-2xl font-bold">
        Your enrolment
      </Heading>
      <ProgressBar label="Your progress" value={c.stepsComplete} max={c.totalSteps} />

      <p className="mb-2">
        Enrolment status: <StatusBadge status={c.status.code === 'NOT_STARTED' ? 'DRAFT' : c.status.code} label={c.status.label} />
      </p>
      <p className="mb-4">{c.status.description}</p>
      {c.expectedDecision && (
        <Notice tone="info" title="When to expect a decision" headingLevel={inner} role="none">
          <p>{c.expectedDecision.text} BC statutory holidays are not counted.</p>
        </Notice>
      )}
      {c.teamReason && (
        <Notice
          tone="warning"
          headingLevel={inner}
          title={c.status.code === 'CHANGES_REQUESTED' ? 'The enrolment team asked for changes' : 'The enrolment team’s reason'}
        >
          <p className="whitespace-pre-line">{c.teamReason}</p>
        </Notice>
      )}

      <ol className="mb-6 space-y-3">
        {c.steps.map((s, i) => {
          const isNext = c.next.key === s.key;
          return (
            <li key={s.key} className="flex gap-3" aria-current={isNext ? 'step' : undefined}>
              <span
                aria-hidden="true"
                className={
                  s.done
                    ? 'flex size-7 shrink-0 items-center justify-center rounded-full bg-success font-bold text-white'
                    : 'flex size-7 shrink-0 items-center justify-center rounded-full border-2 border-ink font-bold'
                }
              >
                {s.done ? '✓' : i + 1}
              </span>
              <div>
                <p>
                  <span className="font-semibold">
                    {s.href && !s.done ? (
                      <Link href={s.href} className="underline">
                        {s.title}
                      </Link>
                    ) : (
                      s.title
                    )}
                  </span>{' '}
                  {/* The words carry the state; the tick and colour only repeat it. */}
                  <span className={s.done ? 'text-success-ink' : 'text-muted'}>— {s.done ? 'Done' : 'To do'}</span>
                  {isNext && <span className="font-semibold"> (next step)</span>}
                </p>
                <p className="text-muted">{s.detail}</p>
              </div>
            </li>
          );
        })}
      </ol>

      <ButtonLink href={c.next.href} variant="primary">
        {c.next.label}
      </ButtonLink>
    </section>
  );
}
