import { describe, expect, it } from 'vitest';
import { optionalReason, reasonProblem, requiredReason } from '@/lib/decision-reason';
import { reasonedEnrolmentDecisionSchema } from '@/server/enrolments/team-schema';
import { reasonedDecisionSchema } from '@/server/worksites/team-schema';
import { declineMembershipSchema } from '@/server/memberships/provisioning-schema';
import { personStatusDecisionSchema } from '@/server/people/team-schema';
import { decideUserPharmanetSchema, worksiteTeamStepSchema } from '@/server/pharmanet/schema';
import { decideRemoteAccessSchema } from '@/server/remote-access/schema';

// One rule for the reason on a team decision: what the form says next to the field is what the
// decision kernel answers to any other caller.
const ID = '0190d5f2-0000-7000-8000-000000000001';

describe('the reason on a team decision', () => {
  it.each([
    [undefined, 'Give a reason of at least 5 characters; the person will read it.'],
    ['', 'Give a reason of at least 5 characters; the person will read it.'],
    ['   ', 'Give a reason of at least 5 characters; the person will read it.'],
    [' no ', 'Give a reason of at least 5 characters; the person will read it.'],
    ['Licence lapsed', null],
    ['x'.repeat(2000), null],
    ['x'.repeat(2001), 'Keep the reason to 2000 characters or fewer.'],
  ])('%j → %s', (value, problem) => {
    expect(reasonProblem('the person', value)).toBe(problem);
  });

  it('names who reads it', () => {
    expect(reasonProblem('the clinic', '')).toMatch(/the clinic will read it/);
    expect(reasonProblem('the site administrators', '')).toMatch(/the site administrators will read it/);
  });

  it('an optional note may be empty but not endless', () => {
    expect(optionalReason.parse('  ')).toBeUndefined();
    expect(optionalReason.safeParse('x'.repeat(2001)).success).toBe(false);
  });

  // Every decision form refuses a too-short reason with the same message the kernel gives.
  it.each([
    ['enrolment decline', reasonedEnrolmentDecisionSchema, { enrolmentId: ID, expectedStatus: 'IN_REVIEW', reason: 'no' }, 'the person'],
    ['worksite decline', reasonedDecisionSchema, { worksiteId: ID, expectedStatus: 'INTAKE_SUBMITTED', reason: 'no' }, 'the clinic'],
    ['membership decline', declineMembershipSchema, { membershipId: ID, expectedStatus: 'PENDING_REVIEW', reason: 'no' }, 'the person'],
    ['person suspension', personStatusDecisionSchema, { personId: ID, reason: 'no' }, 'the person'],
    ['PharmaNet worksite decline', worksiteTeamStepSchema, { requestId: ID, expectedStatus: 'REQUESTED', step: 'decline', reason: 'no' }, 'the site administrators'],
    ['PharmaNet user decline', decideUserPharmanetSchema, { requestId: ID, expectedStatus: 'REQUESTED', decision: 'decline', reason: 'no' }, 'the person'],
    ['remote access decline', decideRemoteAccessSchema, { requestId: ID, expectedStatus: 'REQUESTED', decision: 'decline', reason: 'no' }, 'the person'],
  ] as const)('%s', (_name, schema, input, reader) => {
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path[0] === 'reason');
    expect(issue?.message).toBe(requiredReason(reader).safeParse('no').error?.issues[0]?.message);
  });

  it('approving needs no reason', () => {
    expect(decideRemoteAccessSchema.safeParse({ requestId: ID, expectedStatus: 'REQUESTED', decision: 'approve' }).success).toBe(true);
    expect(decideUserPharmanetSchema.safeParse({ requestId: ID, expectedStatus: 'REQUESTED', decision: 'approve', reason: '' }).success).toBe(true);
  });
});
