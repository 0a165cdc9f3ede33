import { StatusBadge } from '@/components/ui';
import { pacificMinute } from '@/server/decisions';
import { EMAIL_STATE_LABEL, TIMELINE_PAGE, type TimelineEntry } from '@/server/timeline/rules';
import { AddedDecisions } from './decision-outcome';
import { AddedNotes } from './note-form';
import { ResendEmailButton } from './resend-email-button';

// The merged history of a person or a worksite, newest first. Everything is rendered as text:
// notes and reasons are plain text written by people.

const KIND_LABEL: Record<TimelineEntry['kind'], string> = {
  status: 'Status change',
  note: 'Note',
  email: 'Email',
  event: 'Event',
};

function Entry({ e, mayResend }: { e: TimelineEntry; mayResend: boolean }) {
  switch (e.kind) {
    case 'status':
      return (
        <>
          <p>
            <span className="font-semibold">{e.subject}:</span> {e.from ? `${e.from} → ${e.to}` : e.to}, by {e.actor}
          </p>
          {e.reason && <blockquote className="mt-1 border-l-2 border-line pl-3 whitespace-pre-line">Reason: {e.reason}</blockquote>}
        </>
      );
    case 'note':
      return (
        <>
          <p>
            <span className="font-semibold">Note on the {e.about.toLowerCase()}</span> by {e.author}
          </p>
          <p className="mt-1 border-l-2 border-line pl-3 whitespace-pre-line">{e.body}</p>
        </>
      );
    case 'email':
      return (
        <>
          <p>
            <span className="font-semibold">Email “{e.subject}”</span> to {e.to}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <StatusBadge status={e.state} label={EMAIL_STATE_LABEL[e.state]} />
            {e.sentAt && <span>sent {pacificMinute(e.sentAt)}</span>}
            {e.state === 'PENDING' && e.attempts > 0 && <span>{e.attempts} attempts so far</span>}
            {e.lastError && <span>{e.lastError}</span>}
            <span className="text-muted">({e.template})</span>
          </p>
          {mayResend && e.state !== 'PENDING' && <ResendEmailButton emailId={e.id} subject={e.subject} />}
        </>
      );
    case 'event':
      return (
        <p>
          <span className="font-semibold">{e.label}</span> by {e.actor}
        </p>
      );
  }
}

/** `olderHref`: where the whole history is, when this shows only its newest page. */
export function Timeline({ entries: all, mayResend = false, title = 'Timeline', olderHref = null }: { entries: TimelineEntry[]; mayResend?: boolean; title?: string; olderHref?: string | null }) {
  const hasOlder = olderHref !== null && all.length > TIMELINE_PAGE;
  const entries = hasOlder ? all.slice(0, TIMELINE_PAGE) : all;
  return (
    <section aria-labelledby="timeline-title" className="mb-6 rounded border border-line-soft bg-white p-5 shadow-sm">
      <h2 id="timeline-title" className="mb-1 text-xl font-bold text-ink">
        {title}
      </h2>
      <p className="mb-4 text-sm text-muted">Newest first. Times are Pacific time.</p>
      {entries.length === 0 && <p>Nothing has happened yet.</p>}
      {/* Notes added on this page arrive with their action's answer, above what the page loaded. */}
      <ol className="space-y-4" aria-label={`${title}, newest first`} data-testid="timeline">
        <AddedDecisions />
        <AddedNotes />
        {entries.map((e) => (
            <li key={`${e.kind}-${e.id}`} className="border-l-4 border-line-soft pl-4" data-kind={e.kind}>
              <p className="text-sm text-muted">
                <span className="sr-only">{KIND_LABEL[e.kind]}, </span>
                <time dateTime={e.at.toISOString()}>{pacificMinute(e.at)}</time>
              </p>
              <Entry e={e} mayResend={mayResend} />
            </li>
          ))}
      </ol>
      {hasOlder && olderHref && (
        <p className="mt-4">
          <a className="font-semibold underline" href={olderHref}>
            Show older entries
          </a>
        </p>
      )}
    </section>
  );
}
