'use client';
// The only client-side use of next-auth, so the auth library can be swapped in one place.
import { signIn, signOut } from 'next-auth/react';
import { useState } from 'react';

const base =
  'inline-flex items-center justify-center rounded px-4 py-2 font-semibold focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2 disabled:opacity-60';

export function SignInButton({ callbackUrl, label = 'Sign in with BC Services Card' }: { callbackUrl?: string; label?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={`${base} bg-[#003366] text-white hover:bg-[#1a4d80] focus-visible:outline-[#FCBA19]`}
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn('bcsc', { callbackUrl: callbackUrl ?? '/' });
      }}
    >
      {pending ? 'Opening BC Services Card…' : label}
    </button>
  );
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={`${base} border border-white text-white hover:bg-white/10 focus-visible:outline-[#FCBA19]`}
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/signed-out' });
      }}
    >
      Sign out
    </button>
  );
}
