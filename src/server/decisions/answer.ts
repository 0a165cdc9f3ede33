import { pacificMinute } from './already-decided';

// What a decision action answers with (decision 027): what changed, so the page shows it without
// being rendered again: the new status, the history line the decision wrote, and what the staff
// member may still decide there. Other pages read fresh on their next visit.

/** The history line, as the timeline shows it. */
export type DecidedEntry = {
  id: string;
  at: Date;
  when: string;
  subject: string;
  from: string | null;
  to: string;
  by: string;
  reason: string | null;
};

export type DecisionAnswer<S extends string = string, D extends string = string> = {
  /** The record the decision was on. */
  id: string;
  status: S;
  statusLabel: string;
  entry: DecidedEntry;
  /** The decisions still open to this staff member on the record. */
  decisions: D[];
};

/** Who decided and when, for a row that shows the decision in place of its buttons. */
export type DecidedBy = { at: Date; when: string; by: string; reason: string | null };

export const decidedBy = (
  me: { displayName: string },
  r: { at: Date; reason: string | null },
): DecidedBy => ({
  at: r.at,
  when: pacificMinute(r.at),
  by: me.displayName,
  reason: r.reason,
});

/** Builds the answer from what the decision returned; `by` is the signed-in staff member's name. */
export function decisionAnswer<S extends string, D extends string>(p: {
  id: string;
  from: S | null;
  to: S;
  at: Date;
  reason: string | null;
  by: string;
  subject: string;
  label: (s: S) => string;
  decisions: D[];
}): DecisionAnswer<S, D> {
  return {
    id: p.id,
    status: p.to,
    statusLabel: p.label(p.to),
    entry: {
      id: `${p.id}:${p.at.getTime()}`,
      at: p.at,
      when: pacificMinute(p.at),
      subject: p.subject,
      from: p.from ? p.label(p.from) : null,
      to: p.label(p.to),
      by: p.by,
      reason: p.reason,
    },
    decisions: p.decisions,
  };
}
