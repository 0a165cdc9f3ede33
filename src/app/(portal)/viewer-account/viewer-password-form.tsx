'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextField } from '@/components/ui';
import { setViewerPasswordAction } from '@/server/viewer-accounts/actions';
import { setViewerPasswordSchema } from '@/server/viewer-accounts/schema';

export function ViewerPasswordForm({ username }: { username: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: setViewerPasswordSchema,
    action: setViewerPasswordAction,
    defaultValues: { password: '', confirmPassword: '' },
    onSuccess: () => {
      form.reset({ password: '', confirmPassword: '' });
      setSaved(true);
      router.refresh();
    },
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-6" onChange={() => setSaved(false)}>
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      {saved && (
        <Notice tone="success" title="Your viewer password is saved">
          Sign in to the CareConnect eHealth Viewer with the username {username} and this password.
        </Notice>
      )}
      <TextField label="New password" type="password" autoComplete="new-password" error={e.password?.message} {...form.register('password')} id="password" />
      <TextField label="Type the new password again" type="password" autoComplete="new-password" error={e.confirmPassword?.message} {...form.register('confirmPassword')} id="confirmPassword" />
      <Button type="submit" variant="primary" pending={pending} pendingText="Saving…">
        Save password
      </Button>
    </form>
  );
}
