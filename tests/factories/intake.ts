// Intake form values and worksites in the states the intake journey passes through.
import { randomUUID } from 'node:crypto';
import { db } from '../../src/server/db';
import { lockWorksite } from '../../src/server/worksites/access';
import type { WorksiteActor, WorksiteEvent } from '../../src/server/worksites/rules';
import type { IntakeInput } from '../../src/server/worksites/schema';
import { changeWorksiteStatus } from '../../src/server/worksites/status';

/** What the form sends: raw values, as a person types them, with a fresh submission key. */
export function intakeInput(overrides: Partial<IntakeInput> = {}): IntakeInput {
  return {
    legalName: 'Harbour Family Practice Ltd.',
    operatingName: 'Harbour Family Practice',
    locationType: 'PRIVATE_PRACTICE_CLINIC',
    roleContext: 'COMMUNITY_SERVICES',
    street: '1200 Government Street',
    city: 'Victoria',
    province: 'BC',
    postalCode: 'v8w1a1',
    phone: '(250) 555-0142',
    email: 'Office@Harbour.example',
    emrVendor: '',
    expectedUsers: [],
    submissionKey: randomUUID(),
    ...overrides,
  };
}

/** Moves a worksite through the real state machine, as the enrolment team would. */
export async function moveWorksite(
  worksiteId: string,
  event: WorksiteEvent,
  p: { actorId: string; actor?: WorksiteActor; reason?: string },
) {
  return db().$transaction(async (tx) => {
    const w = await lockWorksite(tx, worksiteId);
    return changeWorksiteStatus(tx, w, event, p.actor ?? 'ENROLMENT_TEAM', {
      actorId: p.actorId,
      reason: p.reason,
    });
  });
}
