import { StatusBadge } from '@/components/ui';
import type { GrantRequestStatus } from '@/generated/prisma/enums';
import type { DecidedBy } from '@/server/decisions/answer';

/** What a queue row's decision answered: the request's new status, who decided and when. */
export type Decided = DecidedBy & { requestId: string; status: GrantRequestStatus };

/** Shown in place of the buttons once decided on this page (the answer, not a reload). */
export function DecidedLine({ decided, label }: { decided: Decided; label: string }) {
  return (
    <p role="status" className="flex flex-wrap items-center gap-2 text-sm">
      <StatusBadge status={decided.status} label={label} />
      <span>
        Decided by {decided.by} at {decided.when}
        {decided.reason ? `: ${decided.reason}` : ''}
      </span>
    </p>
  );
}
