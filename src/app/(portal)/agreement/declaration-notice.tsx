import Link from 'next/link';
import { Notice } from '@/components/ui';
import { lastDayToAccept, longCalendarDate, pacificLongDate } from '@/server/agreements/rules';
import type { Subject } from '@/server/authz/guard';
import { declarationPrompt } from '@/server/declarations/versions';

/** On an active worksite's page, for its site admins: a new declaration version to sign (SPEC §15). */
export async function DeclarationNotice({
  viewer,
  worksiteId,
}: {
  viewer: Subject;
  worksiteId: string;
}) {
  const p = await declarationPrompt(viewer, worksiteId);
  if (!p) return null;
  const by = longCalendarDate(lastDayToAccept(p.acceptBy));
  return (
    <div data-testid="declaration-notice">
      <Notice
        tone="warning"
        title={`Sign version ${p.version} of the Privacy & Security Declaration`}
      >
        A new version of the {p.title} took effect on {pacificLongDate(p.effectiveAt)}.{' '}
        {p.overdue
          ? `It was due by ${by}: sign it now.`
          : `A site administrator with signing authority must sign it by ${by}.`}{' '}
        The worksite stays active while you do.{' '}
        <Link href={`/worksites/${worksiteId}/declaration`}>Sign the new declaration</Link>
      </Notice>
    </div>
  );
}
