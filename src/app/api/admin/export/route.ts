import { currentPerson } from '@/server/auth/session';
import { requestContext } from '@/server/request-context';
import { exportResponse } from '@/server/team/export';

export const dynamic = 'force-dynamic';

// CSV of the team's queue or search results (same query string as the list page). Streamed.
export async function GET(request: Request): Promise<Response> {
  return exportResponse(await currentPerson(), new URL(request.url).searchParams, await requestContext());
}
