'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError, Notice, Select, TextField } from '@/components/ui';
import { grantStaffRoleAction } from '@/server/staff/actions';

type Errors = { message?: string; email?: string; role?: string; correlationId?: string };

/** Gives a role to someone who has signed in at least once, found by their email. */
export function GrantStaffRoleForm(p: { roles: { value: string; label: string }[] }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
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
        const r = await grantStaffRoleAction({ email, role });
        if (r.ok) {
          const label = p.roles.find((x) => x.value === role)?.label ?? role;
          setDone(r.data.created ? `${email} now has ${label}.` : `${email} already had ${label}.`);
          setEmail('');
          router.refresh();
        } else {
          const f = r.fieldErrors ?? {};
          setError({ message: f.email || f.role ? undefined : r.formError, email: f.email, role: f.role, correlationId: r.correlationId });
        }
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });
  };

  return (
    <section aria-labelledby="grant-role" className="mb-10">
      <h2 id="grant-role" className="mb-3 text-2xl font-bold">Give someone a staff role</h2>
      {done && (
        <Notice tone="success" title="Role granted" role="status">
          {done}
        </Notice>
      )}
      <form onSubmit={submit} noValidate>
        <FormError message={error?.message} correlationId={error?.correlationId} />
        <TextField
          name="email"
          type="email"
          label="Email"
          hint="The email of someone who has signed in to the portal at least once."
          value={email}
          maxLength={254}
          error={error?.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Select
          name="role"
          label="Role"
          placeholder="Choose a role"
          options={p.roles}
          value={role}
          error={error?.role}
          onChange={(e) => setRole(e.target.value)}
        />
        <Button type="submit" pending={pending} pendingText="Granting…">
          Grant role
        </Button>
      </form>
    </section>
  );
}
