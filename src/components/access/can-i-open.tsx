// "Can I open CareConnect?" on the dashboard (SPEC §11): the same decision the viewer gets, per
// worksite and location, with every reason and what to do about it. Yes/No is always in words,
// never colour alone, so "Access Denied" in the viewer can be explained from here.
import Link from 'next/link';
import type { AccessDecision } from '@/server/access/rules';
import { accessForPerson, type WorksiteAccess } from '@/server/access/queries';
import { clock } from '@/lib/clock';

const LOCATION_HEADING = { onsite: 'At the worksite', remote: 'From outside the worksite (remote access)' } as const;

function Decision({ d, worksiteName }: { d: AccessDecision; worksiteName: string }) {
  const where = d.location === 'remote' ? ', from outside the worksite' : '';
  if (d.allowed)
    return (
      <div className="rounded border-l-4 border-success bg-success-bg p-3">
        <p>
          <strong>Yes</strong> — you can open CareConnect at {worksiteName}
          {d.businessRole ? ` as ${d.businessRole.label}` : ''}
          {where}.
        </p>
        {d.pharmanet && <p className="mt-1">PharmaNet: included — you can see PharmaNet information here.</p>}
      </div>
    );
  return (
    <div className="rounded border-l-4 border-danger bg-danger-bg p-3">
      <p>
        <strong>No</strong> — you cannot open CareConnect at {worksiteName}
        {where} yet.{' '}
        {d.reasons.length === 1 ? 'One thing stands in the way:' : `${d.reasons.length} things stand in the way:`}
      </p>
      <ul className="mt-2 list-disc space-y-2 pl-6">
        {d.reasons.map((r) => (
          <li key={r.code}>
            {r.message}{' '}
            <span>
              What to do: {r.href ? <Link href={r.href}>{r.nextStep}</Link> : r.nextStep}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The panel itself, from already computed decisions (pure, so it renders in tests). */
export function CanIOpenPanel({ items }: { items: readonly WorksiteAccess[] }) {
  return (
    <section aria-labelledby="can-i-open" className="mb-8">
      <h2 id="can-i-open" className="mb-3 text-2xl font-bold">
        Can I open CareConnect?
      </h2>
      {items.length === 0 ? (
        <p>
          You can open CareConnect only at a worksite you belong to. <Link href="/worksites/join">Join a worksite</Link>{' '}
          to get started.
        </p>
      ) : (
        <ul className="space-y-6">
          {items.map((a) => (
            <li key={a.worksite.id}>
              <h3 className="text-xl font-bold">
                {a.worksite.operatingName} <span className="font-normal">· Worksite ID {a.worksite.worksiteCode}</span>
              </h3>
              {[a.onsite, a.remote].map(
                (d) =>
                  d && (
                    <div key={d.location} className="mt-3">
                      <h4 className="mb-1 font-bold">{LOCATION_HEADING[d.location]}</h4>
                      <Decision d={d} worksiteName={a.worksite.operatingName} />
                    </div>
                  ),
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** For the dashboard: loads the person's decisions now and renders the panel. */
export async function CanIOpen({ personId, now = clock.now() }: { personId: string; now?: Date }) {
  return <CanIOpenPanel items={await accessForPerson(personId, now)} />;
}
