import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks, type NavItem } from './nav-links';

export type AppShellProps = {
  appName: string;
  user: { displayName: string } | null;
  nav: readonly NavItem[];
  /** The sign-out control (a small form with a button), shown next to the person's name. */
  signOut?: ReactNode;
  /** The CareConnect eHealth Viewer, linked from every page's footer. */
  viewerUrl: string;
  children: ReactNode;
};

export function AppShell({ appName, user, nav, signOut, viewerUrl, children }: AppShellProps) {
  return (
    <div className="flex min-h-screen flex-col bg-white">
      <a
        href="#main"
        className="sr-only z-50 bg-gold px-4 py-3 font-semibold text-brand focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:text-brand"
      >
        Skip to main content
      </a>
      {/* Focus rings switch to gold on the dark header so they keep their contrast. */}
      <header className="border-b-4 border-gold bg-brand text-white [--focus-ring:var(--color-gold)]">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-4">
          <Link
            href="/"
            className="text-xl font-bold text-white no-underline hover:text-white hover:underline sm:text-2xl"
          >
            {appName}
          </Link>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Link href="/help" className="font-semibold text-white underline hover:text-white">
              Help
            </Link>
            {user && (
              <>
                <p className="text-white">
                  <span className="sr-only">Signed in as </span>
                  {user.displayName}
                </p>
                {signOut}
              </>
            )}
          </div>
        </div>
      </header>
      {nav.length > 0 && (
        <nav aria-label="Main" className="border-b border-line-soft bg-surface">
          <div className="mx-auto max-w-6xl px-1 sm:px-2">
            <NavLinks items={nav} />
          </div>
        </nav>
      )}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <footer className="border-t-4 border-gold bg-brand text-white [--focus-ring:var(--color-gold)]">
        <div className="mx-auto max-w-6xl px-4 py-6 text-sm">
          <p>
            {appName} is where health professionals and their worksites enrol for access to the
            CareConnect eHealth Viewer.
          </p>
          <p className="mt-2">
            For help with your enrolment, read the{' '}
            <Link href="/help" className="text-white underline hover:text-white">
              answers in Help
            </Link>
            , or contact your worksite administrator or the enrolment team.
          </p>
          <p className="mt-2">
            {/* A plain link: it must work even when the portal's own pages do not. */}
            <a href={viewerUrl} className="font-semibold text-white underline hover:text-white">
              Open the CareConnect eHealth Viewer
            </a>
          </p>
        </div>
      </footer>
    </div>
  );
}
