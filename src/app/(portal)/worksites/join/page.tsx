import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { Button, EmptyState, Heading, PageHeader, TextField } from '@/components/ui';
import { isDomainError } from '@/lib/errors';
import { requireViewerPage } from '@/server/authz';
import { findWorksites, LOOKUP_LIMIT, type WorksiteLookupRow } from '@/server/memberships/join-queries';
import { JoinByCodeForm, LookupResults } from './join-forms';

export const metadata: Metadata = { title: 'Join a worksite' };

type Search = { rows: WorksiteLookupRow[] } | { error: string } | null;

async function search(q: string | undefined): Promise<Search> {
  if (q === undefined) return null;
  try {
    return { rows: await findWorksites({ query: q }) };
  } catch (e) {
    if (isDomainError(e) && e.code === 'VALIDATION') return { error: e.fieldErrors?.query ?? e.message };
    throw e;
  }
}

export default async function JoinWorksitePage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  await requireViewerPage();
  const sp = await searchParams;
  const q = Array.isArray(sp.q) ? sp.q[0] : sp.q;
  const result = await search(q);
  // New on every render: the same rendered form sent twice makes one request.
  const submissionKey = randomUUID();

  return (
    <>
      <PageHeader
        title="Join a worksite"
        lead="Ask to join the clinic or organization where you work. A site administrator there confirms that you work with them."
      />
      <section aria-labelledby="by-id-heading" className="mb-12">
        <Heading level={2} id="by-id-heading" className="mb-3 text-2xl font-bold">
          Join with a Worksite ID
        </Heading>
        <JoinByCodeForm submissionKey={submissionKey} />
      </section>

      <section aria-labelledby="by-address-heading">
        <Heading level={2} id="by-address-heading" className="mb-3 text-2xl font-bold">
          Find your worksite by address
        </Heading>
        <form method="get" role="search" aria-labelledby="by-address-heading" className="mb-6 max-w-xl space-y-4">
          <TextField
            name="q"
            id="q"
            label="Street, city, postal code or worksite name"
            hint="At least 3 characters, for example 1 Main Street or V8W 1A1."
            defaultValue={q ?? ''}
            error={result && 'error' in result ? result.error : undefined}
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {result && 'rows' in result && (
          <div aria-live="polite">
            {result.rows.length === 0 ? (
              <EmptyState
                headingLevel={3}
                title="No worksites found"
                text="Only worksites already approved for CareConnect can be found. Check the spelling, try part of the address, or ask your site administrator for the Worksite ID."
              />
            ) : (
              <>
                <p className="mb-2">
                  {result.rows.length === LOOKUP_LIMIT
                    ? `Showing the first ${LOOKUP_LIMIT} worksites found. Add more of the address to narrow the list.`
                    : `${result.rows.length} ${result.rows.length === 1 ? 'worksite' : 'worksites'} found.`}
                </p>
                <LookupResults rows={result.rows} submissionKey={submissionKey} />
              </>
            )}
          </div>
        )}
      </section>
    </>
  );
}
