import type { ReactNode } from 'react';
import { Card, Table, type TableProps } from '@/components/ui';
import type { NoteTarget } from '@/server/notes/schema';
import type { TimelineEntry } from '@/server/timeline/rules';
import { Facts } from './facts';
import { NoteForm } from './note-form';
import { Timeline } from './timeline';

/** The foot of a team record page: a note form for those who may add one, then the history. */
export function RecordHistory(p: {
  targetType: NoteTarget;
  targetId: string;
  may: { note: boolean; resend: boolean };
  entries: TimelineEntry[];
  /** The page already shows the whole history, so no link to it. */
  showingAll: boolean;
}) {
  return (
    <>
      {p.may.note && (
        <Card title="Add a note">
          <NoteForm targetType={p.targetType} targetId={p.targetId} />
        </Card>
      )}
      <Timeline
        entries={p.entries}
        mayResend={p.may.resend}
        olderHref={p.showingAll ? null : '?timeline=all'}
      />
    </>
  );
}

/** A form as it was submitted, folded away, with the fingerprint that proves it unchanged. */
export function SubmittedSnapshot(p: {
  summary: ReactNode;
  rows: [string, ReactNode][];
  sha256: string;
  className: string;
}) {
  return (
    <details className={p.className}>
      <summary className="cursor-pointer font-semibold">{p.summary}</summary>
      <div className="mt-3">
        <Facts rows={p.rows} />
        <p className="mt-2 text-sm text-muted">
          SHA-256 <span className="font-mono break-all">{p.sha256}</span>
        </p>
      </div>
    </details>
  );
}

/** A card holding one table; the card's heading stands in for the visually hidden caption. */
export function TableCard<T>({ title, ...table }: TableProps<T> & { title: string }) {
  return (
    <Card title={title}>
      <Table captionHidden {...table} />
    </Card>
  );
}
