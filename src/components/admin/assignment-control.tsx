'use client';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError } from '@/components/ui';
import { assignToMeAction, unassignAction } from '@/server/assignments/actions';
import type { AssignableKind } from '@/server/assignments/rules';

/** Who works on an item: "Assign to me", or "Unassign" when someone has it. */
export function AssignmentControl(p: {
  kind: AssignableKind;
  id: string;
  assignee: { id: string; name: string } | null;
  meId: string;
  mayAssign: boolean;
  /** Which item, for the button's accessible name where several controls share a page. */
  label?: string;
}) {
  const { run, pending, error } = useActionButton();
  const named = (action: string) => (p.label ? `${action}: ${p.label}` : undefined);
  const holder = p.assignee ? (p.assignee.id === p.meId ? 'you' : p.assignee.name) : null;
  return (
    <div>
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <p className="mb-3" role="status">
        {holder ? `Assigned to ${holder}.` : 'Not assigned to anyone.'}
      </p>
      {p.mayAssign &&
        (p.assignee ? (
          <Button
            variant="secondary"
            aria-label={named('Unassign')}
            pending={pending}
            pendingText="Unassigning…"
            onClick={() =>
              run(() =>
                unassignAction({ kind: p.kind, id: p.id, expectedAssigneeId: p.assignee!.id }),
              )
            }
          >
            Unassign
          </Button>
        ) : (
          <Button
            aria-label={named('Assign to me')}
            pending={pending}
            pendingText="Assigning…"
            onClick={() => run(() => assignToMeAction({ kind: p.kind, id: p.id }))}
          >
            Assign to me
          </Button>
        ))}
    </div>
  );
}
