// Valid inputs for the CareConnect viewer account's actions and route (see authz-scenarios.ts).
import { db } from '@/server/db';
import { LOCK_MS } from '@/server/viewer-accounts/rules';
import { person, s, type Scenario, type World } from './authz-world';
import type { RouteTarget } from './authz-routes';
import { fromNow } from '../support/clock';

const PASSWORD = 'harbour lantern meadow';

/** Someone whose viewer account is locked: the record the team unlocks. */
async function lockedAccount() {
  const t = await person('Vic');
  await db().viewerAccount.create({
    data: { personId: t.id, username: `vic${t.id.slice(-12).replace(/[^a-z]/g, 'x')}`, failedAttempts: 5, lockedUntil: fromNow(LOCK_MS) },
  });
  return t.id;
}

export const VIEWER_SCENARIOS: Record<string, Scenario> = {
  // Callers without a viewer account meet a business rule ("not set up yet"), not a refusal.
  'src/server/viewer-accounts/actions.ts#setViewerPasswordAction': s(async () => ({ password: PASSWORD, confirmPassword: PASSWORD })),
  'src/server/viewer-accounts/actions.ts#unlockViewerAccountAction': s(async () => ({ personId: await lockedAccount() })),
};

export const VIEWER_ROUTE_SCENARIOS: Record<string, (w: World) => Promise<RouteTarget>> = {
  'src/app/api/v1/viewer-accounts/verify/route.ts POST': async () => ({
    path: '/api/v1/viewer-accounts/verify',
    method: 'POST',
    body: JSON.stringify({ username: 'nobody-here', password: PASSWORD }),
  }),
};
