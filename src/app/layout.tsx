import type { Metadata } from 'next';
import './globals.css';
import { SignOutButton } from '@/components/auth/auth-buttons';
import { AppShell } from '@/components/layout/app-shell';
import { currentPerson } from '@/server/auth/session';
import { env } from '@/server/env';

export async function generateMetadata(): Promise<Metadata> {
  return { title: { default: env().APP_NAME, template: `%s · ${env().APP_NAME}` } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const me = await currentPerson();
  const nav = me
    ? [
        { href: '/', label: 'Dashboard' },
        { href: '/enrolment', label: 'Enrolment' },
        { href: '/worksites', label: 'Worksites' },
        { href: '/profile', label: 'Your profile' },
        ...(me.staffRoles.length ? [{ href: '/admin', label: 'Enrolment team' }] : []),
      ]
    : [];
  return (
    <html lang="en-CA">
      <body>
        <AppShell
          appName={env().APP_NAME}
          user={me ? { displayName: me.displayName } : null}
          nav={nav}
          viewerUrl={env().VIEWER_URL}
          signOut={me ? <SignOutButton /> : undefined}
        >
          {children}
        </AppShell>
      </body>
    </html>
  );
}
