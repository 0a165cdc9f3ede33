'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError, Notice, Select } from '@/components/ui';
import { grantStaffRoleAction } from '@/server/staff/actions';

type Errors = { message?: string; role?: string; correlationId?: string };

/** Gives a role to one person from the search results: picked by their record, never by an email. */
export function GrantRoleToPerson(p: { personId: string; name: string; roles: { value: string; label: string }[] }) {
  const router = useRouter();
  const [role, setRole] = useState('');
  const [error, setError] = useState<Errors | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setError(null);
      setDone(null);
      try {
        const r = await grantStaffRoleAction({ personId: p.personId, role });
        if (r.ok) {
          const label = p.roles.find((x) => x.value === role)?.label ?? role;
          setDone(r.data.created ? `${p.name} now has ${label}.` : `${p.name} already had ${label}.`);
          router.refresh();
        } else {
          const f = r.fieldErrors ?? {};
          setError({ message: f.role ? undefined : r.formError, role: f.role, correlationId: r.correlationId });
        }
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      {done && (
        <Notice tone="success" title="Role granted" role="status" headingLevel={3}>
          {done}
        </Notice>
      )}
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <Select
        name={`role-${p.personId}`}
        label={<>Role<span className="sr-only"> for {p.name}</span></>}
        placeholder="Choose a role"
        options={p.roles}
        value={role}
        error={error?.role}
        onChange={(e) => setRole(e.target.value)}
      />
      <Button type="submit" size="sm" pending={pending} pendingText="Granting…">
        Grant role<span className="sr-only"> to {p.name}</span>
      </Button>
    </form>
  );
}
