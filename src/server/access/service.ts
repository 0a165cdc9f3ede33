import 'server-only';
import type { VerifiedApiKey } from '../api-keys/service';
import type { ViewerAccountState } from '../viewer-accounts/queries';
import { accessAudit } from './audit-batch';
import { loadAccessFacts } from './queries';
import { decideAccess, type AccessDecision } from './rules';
import { accessQuerySchema } from './schema';
import { clock } from '@/lib/clock';

export type CheckAccessInput = {
  apiKey: VerifiedApiKey;
  subject: unknown;
  worksite: unknown;
  location: unknown;
  /** Any other query parameters; the schema refuses them. */
  extra?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
  now?: Date;
};

/** The documented response body (docs/api/access.md). Nothing in it depends on the inputs
 * when the answer is NOT_FOUND, so an unknown person and an unknown worksite look the same. */
export type AccessResponseBody = AccessDecision & { viewerAccount: ViewerAccountState | null };

export type CheckAccessOutcome =
  | { status: 200; body: AccessResponseBody }
  | {
      status: 400;
      body: { error: 'invalid_request'; message: string; fieldErrors: Record<string, string> };
    };

/** Validates the query, decides from one snapshot and audits the decision with its reasons. */
export async function checkAccess(input: CheckAccessInput): Promise<CheckAccessOutcome> {
  const now = input.now ?? clock.now();
  const parsed = accessQuerySchema.safeParse({
    ...input.extra,
    subject: input.subject ?? undefined,
    worksite: input.worksite ?? undefined,
    location: input.location ?? undefined,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys')
        for (const k of issue.keys) fieldErrors[k] ??= 'Unknown parameter';
      else fieldErrors[issue.path.join('.') || '_'] ??= issue.message;
    }
    return {
      status: 400,
      body: { error: 'invalid_request', message: 'Check the query parameters.', fieldErrors },
    };
  }
  const q = parsed.data;
  // One statement reads everything; one shared INSERT (group commit) records the answer.
  const facts = await loadAccessFacts({ subject: q.subject }, q.worksite, now);
  const { snapshot } = facts;
  const decision = decideAccess(snapshot, q.location);
  // The viewer sign-in account's state (SPEC §14), only when both were found: a NOT_FOUND
  // answer must not reveal that the person exists.
  const viewerAccount = snapshot.person && snapshot.worksite ? facts.viewerAccount : null;
  // Not answered before its row is committed: a failed write fails the call (503).
  await accessAudit().add({
    actor: { type: 'SERVICE', label: input.apiKey.name, apiKeyId: input.apiKey.id },
    action: 'access.decided',
    target: { type: 'PERSON', id: snapshot.person?.id ?? null },
    personId: snapshot.person?.id ?? null,
    worksiteId: snapshot.worksite?.id ?? null,
    after: {
      allowed: decision.allowed,
      location: decision.location,
      reasons: decision.reasons.map((r) => r.code),
      businessRole: decision.businessRole?.label ?? null,
      pharmanet: decision.pharmanet,
      // What was asked, so staff can explain a NOT_FOUND; never returned to the caller.
      subject: q.subject,
      worksite: 'worksiteId' in q.worksite ? q.worksite.worksiteId : q.worksite.worksiteCode,
    },
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
  });
  return { status: 200, body: { ...decision, viewerAccount } };
}
