import { describe, expect, it } from 'vitest';
import { LocationType, WorksiteStatus } from '@/generated/prisma/enums';
import {
  nextStep,
  needsDeclaration,
  REASON_REQUIRED,
  siteAdminActions,
  siteAdminMay,
  statusLabel,
  worksiteTransition,
  type SiteAdminAction,
  type TransitionContext,
  type WorksiteActor,
  type WorksiteEvent,
} from '@/server/worksites/rules';

const STATES = Object.values(WorksiteStatus);
const EVENTS: WorksiteEvent[] = [
  'ACCEPT_INTAKE',
  'SUBMIT_DECLARATION',
  'APPROVE_DECLARATION',
  'REQUEST_CHANGES',
  'RESUBMIT_INTAKE',
  'DECLINE',
  'SUSPEND',
  'REINSTATE',
  'CLOSE',
];
const ACTORS: WorksiteActor[] = ['SITE_ADMIN', 'MEMBER', 'ENROLMENT_TEAM', 'AUDITOR', 'OTHER'];

type Scenario = {
  name: string;
  locationType: LocationType;
  /** Where CHANGES_REQUESTED returns to; other states have none. */
  changesFrom: WorksiteStatus;
  /** Every allowed cell as "FROM EVENT ACTOR → TO"; every other cell must be refused. */
  allowed: string[];
};

// The lifecycle of SPEC §5, written out by hand. A rule change that is not also made here fails
// the cell it touches.
const COMMON = [
  'INTAKE_SUBMITTED REQUEST_CHANGES ENROLMENT_TEAM → CHANGES_REQUESTED',
  'INTAKE_SUBMITTED DECLINE ENROLMENT_TEAM → DECLINED',
  'DECLARATION_SUBMITTED APPROVE_DECLARATION ENROLMENT_TEAM → ACTIVE',
  'DECLARATION_SUBMITTED REQUEST_CHANGES ENROLMENT_TEAM → CHANGES_REQUESTED',
  'DECLARATION_SUBMITTED DECLINE ENROLMENT_TEAM → DECLINED',
  'ACTIVE SUSPEND ENROLMENT_TEAM → SUSPENDED',
  'ACTIVE SUSPEND AUDITOR → SUSPENDED',
  'ACTIVE CLOSE ENROLMENT_TEAM → CLOSED',
  'SUSPENDED REINSTATE ENROLMENT_TEAM → ACTIVE',
  'SUSPENDED REINSTATE AUDITOR → ACTIVE',
  'SUSPENDED CLOSE ENROLMENT_TEAM → CLOSED',
];

const SCENARIOS: Scenario[] = [
  {
    name: 'clinic, changes asked on the intake',
    locationType: 'PRIVATE_PRACTICE_CLINIC',
    changesFrom: 'INTAKE_SUBMITTED',
    allowed: [
      ...COMMON,
      'INTAKE_SUBMITTED ACCEPT_INTAKE ENROLMENT_TEAM → AWAITING_DECLARATION',
      'AWAITING_DECLARATION SUBMIT_DECLARATION SITE_ADMIN → DECLARATION_SUBMITTED',
      'CHANGES_REQUESTED RESUBMIT_INTAKE SITE_ADMIN → INTAKE_SUBMITTED',
      'ACTIVE SUBMIT_DECLARATION SITE_ADMIN → ACTIVE',
    ],
  },
  {
    name: 'pharmacy, changes asked on the declaration',
    locationType: 'PHARMACY',
    changesFrom: 'DECLARATION_SUBMITTED',
    allowed: [
      ...COMMON,
      'INTAKE_SUBMITTED ACCEPT_INTAKE ENROLMENT_TEAM → AWAITING_DECLARATION',
      'AWAITING_DECLARATION SUBMIT_DECLARATION SITE_ADMIN → DECLARATION_SUBMITTED',
      'CHANGES_REQUESTED SUBMIT_DECLARATION SITE_ADMIN → DECLARATION_SUBMITTED',
      'ACTIVE SUBMIT_DECLARATION SITE_ADMIN → ACTIVE',
    ],
  },
  {
    // No declaration, ever: accepting the intake makes it active.
    name: 'No Clinical Apps, changes asked on the intake',
    locationType: 'NO_CLINICAL_APPS',
    changesFrom: 'INTAKE_SUBMITTED',
    allowed: [
      ...COMMON,
      'INTAKE_SUBMITTED ACCEPT_INTAKE ENROLMENT_TEAM → ACTIVE',
      'CHANGES_REQUESTED RESUBMIT_INTAKE SITE_ADMIN → INTAKE_SUBMITTED',
    ],
  },
];

function cells(s: Scenario) {
  return STATES.flatMap((from) =>
    EVENTS.flatMap((event) =>
      ACTORS.map((actor) => {
        const ctx: TransitionContext = {
          locationType: s.locationType,
          reviewStateBeforeChanges: from === 'CHANGES_REQUESTED' ? s.changesFrom : null,
        };
        return {
          cell: `${from} ${event} ${actor}`,
          result: worksiteTransition(from, event, actor, ctx),
        };
      }),
    ),
  );
}

describe.each(SCENARIOS)('worksite transitions: $name', (s) => {
  const all = cells(s);
  const expected = new Map(
    s.allowed.map((line) => {
      const [cell, to] = line.split(' → ') as [string, WorksiteStatus];
      return [cell, to];
    }),
  );

  it('covers every state × event × actor (8 × 9 × 5)', () => {
    expect(all).toHaveLength(360);
    // Every listed cell exists, so a typo in the table cannot pass as "refused".
    for (const cell of expected.keys()) expect(all.map((c) => c.cell)).toContain(cell);
  });

  it.each(all)('$cell', ({ cell, result }) => {
    const to = expected.get(cell);
    if (to) {
      expect(result).toEqual({ ok: true, to });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('worksite transition refusals', () => {
  const clinic: TransitionContext = {
    locationType: 'PRIVATE_PRACTICE_CLINIC',
    reviewStateBeforeChanges: null,
  };

  it('says who may not act before saying which state refuses', () => {
    expect(worksiteTransition('INTAKE_SUBMITTED', 'ACCEPT_INTAKE', 'SITE_ADMIN', clinic)).toEqual({
      ok: false,
      reason: 'You are not allowed to do this.',
    });
  });

  it('names the current state when the step is out of order', () => {
    const r = worksiteTransition('CLOSED', 'REINSTATE', 'ENROLMENT_TEAM', clinic);
    expect(r).toEqual({ ok: false, reason: 'This cannot be done while the worksite is closed.' });
  });

  it('a No Clinical Apps worksite can never take a declaration, in any state', () => {
    for (const from of STATES) {
      for (const changesFrom of [null, 'DECLARATION_SUBMITTED', 'INTAKE_SUBMITTED'] as const) {
        const r = worksiteTransition(from, 'SUBMIT_DECLARATION', 'SITE_ADMIN', {
          locationType: 'NO_CLINICAL_APPS',
          reviewStateBeforeChanges: changesFrom,
        });
        expect(r).toEqual({
          ok: false,
          reason: 'A "No Clinical Apps" worksite does not need a declaration.',
        });
      }
    }
  });

  it('only No Clinical Apps skips the declaration', () => {
    for (const t of Object.values(LocationType))
      expect(needsDeclaration(t)).toBe(t !== 'NO_CLINICAL_APPS');
  });

  it('a reason is required exactly for sending back, declining, suspending and closing', () => {
    expect([...REASON_REQUIRED].sort()).toEqual(['CLOSE', 'DECLINE', 'REQUEST_CHANGES', 'SUSPEND']);
  });
});

describe('siteAdminMay', () => {
  const OPEN = [
    'INTAKE_SUBMITTED',
    'AWAITING_DECLARATION',
    'DECLARATION_SUBMITTED',
    'CHANGES_REQUESTED',
    'ACTIVE',
    'SUSPENDED',
  ];
  const ALLOWED: Record<SiteAdminAction, string[]> = {
    VIEW_MEMBERS: OPEN,
    INVITE: ['ACTIVE'],
    DECIDE_JOIN_REQUEST: ['ACTIVE'],
    MANAGE_ADMINS: OPEN,
    MANAGE_MEMBERS: ['ACTIVE', 'SUSPENDED'],
    EDIT_DETAILS: OPEN,
    REQUEST_CLOSURE: ['ACTIVE', 'SUSPENDED'],
  };
  const grid = (Object.keys(ALLOWED) as SiteAdminAction[]).flatMap((action) =>
    ACTORS.flatMap((actor) => STATES.map((status) => ({ action, actor, status }))),
  );

  it('has a row for every action', () => {
    expect(grid).toHaveLength(7 * 5 * 8);
  });

  it.each(grid)('$action by $actor while $status', ({ action, actor, status }) => {
    expect(siteAdminMay(action, actor, status)).toBe(
      actor === 'SITE_ADMIN' && ALLOWED[action].includes(status),
    );
  });

  it('siteAdminActions lists exactly what siteAdminMay allows, in a stable order', () => {
    for (const actor of ACTORS) {
      for (const status of STATES) {
        const expected = (Object.keys(ALLOWED) as SiteAdminAction[]).filter(
          (a) => actor === 'SITE_ADMIN' && ALLOWED[a].includes(status),
        );
        expect(siteAdminActions(actor, status)).toEqual(expected);
      }
    }
    expect(siteAdminActions('SITE_ADMIN', 'CLOSED')).toEqual([]);
    expect(siteAdminActions('SITE_ADMIN', 'DECLINED')).toEqual([]);
  });
});

describe('words people read', () => {
  it('every state has its own label', () => {
    const labels = STATES.map(statusLabel);
    expect(labels.every((l) => l.length > 2)).toBe(true);
    expect(new Set(labels).size).toBe(STATES.length);
  });

  it.each(STATES)('nextStep for %s says what happens next', (s) => {
    const text = nextStep(
      s,
      'PRIVATE_PRACTICE_CLINIC',
      s === 'CHANGES_REQUESTED' ? 'INTAKE_SUBMITTED' : null,
    );
    expect(text).toMatch(/[.]$/);
    expect(text.length).toBeGreaterThan(30);
  });

  it('each state gets a different next step', () => {
    const steps = STATES.map((s) => nextStep(s, 'PRIVATE_PRACTICE_CLINIC', null));
    expect(new Set(steps).size).toBe(STATES.length);
  });

  it('changes requested points at the intake or the declaration, whichever was sent back', () => {
    expect(nextStep('CHANGES_REQUESTED', 'PHARMACY', 'INTAKE_SUBMITTED')).toMatch(/registration/);
    expect(nextStep('CHANGES_REQUESTED', 'PHARMACY', 'DECLARATION_SUBMITTED')).toMatch(
      /declaration/,
    );
  });

  it('an active No Clinical Apps worksite is told it never gives CareConnect access', () => {
    expect(nextStep('ACTIVE', 'NO_CLINICAL_APPS', null)).toMatch(
      /never gives access to CareConnect/,
    );
    expect(nextStep('ACTIVE', 'PRIVATE_PRACTICE_CLINIC', null)).not.toMatch(/never/);
    expect(nextStep('AWAITING_DECLARATION', 'LONG_TERM_CARE', null)).toMatch(
      /Privacy & Security Declaration/,
    );
  });
});
