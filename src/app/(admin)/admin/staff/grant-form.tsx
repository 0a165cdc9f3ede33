'use client';
import { useState } from 'react';
import { formLevelMessage, useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, Notice, Select } from '@/components/ui';
import { grantStaffRoleAction } from '@/server/staff/actions';

/** Gives a role to one person from the search results: picked by their record, never by an email. */
export function GrantRoleToPerson(p: {
  personId: string;
  name: string;
  roles: { value: string; label: string }[];
}) {
  const [role, setRole] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { run, pending, error } = useActionButton<{ created: boolean }>();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    const label = p.roles.find((x) => x.value === role)?.label ?? role;
    run(() => grantStaffRoleAction({ personId: p.personId, role }), {
      onSuccess: ({ created }) =>
        setDone(created ? `${p.name} now has ${label}.` : `${p.name} already had ${label}.`),
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      {done && (
        <Notice tone="success" title="Role granted" role="status" headingLevel={3}>
          {done}
        </Notice>
      )}
      <FormError message={formLevelMessage(error, ['role'])} correlationId={error?.correlationId} />
      <Select
        name={`role-${p.personId}`}
        label={
          <>
            Role<span className="sr-only"> for {p.name}</span>
          </>
        }
        placeholder="Choose a role"
        options={p.roles}
        value={role}
        error={error?.fieldErrors.role}
        onChange={(e) => setRole(e.target.value)}
      />
      <Button type="submit" size="sm" pending={pending} pendingText="Granting…">
        Grant role<span className="sr-only"> to {p.name}</span>
      </Button>
    </form>
  );
}
