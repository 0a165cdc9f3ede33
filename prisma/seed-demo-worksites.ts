// Demo worksites in every state of SPEC §5, made through the real services so each carries its
// history, snapshots, audit trail and emails. Idempotent: a demo worksite that exists is skipped.
import { randomUUID } from 'node:crypto';
import type { WorksiteStatus } from '../src/generated/prisma/client';
import { db } from '../src/server/db';
import { submitDeclaration } from '../src/server/declarations/service';
import { intakeSchema } from '../src/server/worksites/schema';
import { registerWorksite } from '../src/server/worksites/service';
import * as team from '../src/server/worksites/team-service';
import { declarationInput, smallPng } from '../tests/factories/declarations';
import { ensureDeclarationVersion } from './seed-data/declaration-v1';

type Step = 'accept' | 'declare' | 'approve' | 'changes' | 'decline' | 'suspend' | 'close';
const DEMOS: Array<{ name: string; city: string; postal: string; steps: Step[] }> = [
  { name: 'Cedar Hill Medical Clinic', city: 'Victoria', postal: 'V8P 3Z2', steps: [] },
  { name: 'Fernwood Community Health', city: 'Victoria', postal: 'V8T 2C4', steps: ['accept'] },
  { name: 'Oak Bay Family Practice', city: 'Victoria', postal: 'V8R 1G8', steps: ['accept', 'declare'] },
  { name: 'Saanich Walk-in Clinic', city: 'Saanich', postal: 'V8X 3W3', steps: ['changes'] },
  { name: 'Harbour Medical Associates', city: 'Nanaimo', postal: 'V9R 5K2', steps: ['accept', 'declare', 'approve'] },
  { name: 'Kelowna Downtown Clinic', city: 'Kelowna', postal: 'V1Y 6H2', steps: ['accept', 'declare', 'approve', 'suspend'] },
  { name: 'Quick Care Kiosk', city: 'Surrey', postal: 'V3T 0A3', steps: ['decline'] },
  { name: 'Riverside Clinic (closed)', city: 'Kamloops', postal: 'V2C 1A1', steps: ['accept', 'declare', 'approve', 'close'] },
];

export async function seedDemoWorksites(managerId: string, staffId: string) {
  const version = await ensureDeclarationVersion(db());
  const staff = { id: staffId, staffRoles: ['ENROLMENT_TEAM' as const] };
  const ctx = { requestId: `seed-${randomUUID()}`, ip: null, userAgent: 'seed' };
  const png = await smallPng(320, 200);
  for (const d of DEMOS) {
    if (await db().worksite.findFirst({ where: { operatingName: d.name } })) continue;
    const input = intakeSchema.parse({
      legalName: `${d.name} Inc.`,
      operatingName: d.name,
      locationType: 'PRIVATE_PRACTICE_CLINIC',
      roleContext: 'PRIMARY_CARE',
      street: '100 Main Street',
      city: d.city,
      province: 'BC',
      postalCode: d.postal,
      phone: '250-555-0100',
      email: `office@${d.name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
      emrVendor: '',
      expectedUsers: [],
      submissionKey: randomUUID(),
    });
    const { worksiteId } = await registerWorksite(managerId, input, ctx);
    const status = async (): Promise<WorksiteStatus> => (await db().worksite.findUniqueOrThrow({ where: { id: worksiteId } })).status;
    for (const step of d.steps) {
      const expectedStatus = await status();
      const decision = { worksiteId, expectedStatus };
      if (step === 'accept') await team.acceptIntake(staff, decision, ctx);
      if (step === 'approve') await team.approveDeclaration(staff, decision, ctx);
      if (step === 'changes') await team.requestChanges(staff, { ...decision, reason: 'Please give the full legal name as registered with BC Registries.' }, ctx);
      if (step === 'decline') await team.decline(staff, { ...decision, reason: 'A kiosk without clinicians is not eligible for CareConnect.' }, ctx);
      if (step === 'suspend') await team.suspendWorksite(staff, { ...decision, reason: 'Antivirus screenshot out of date; awaiting a new one.' }, ctx);
      if (step === 'close') await team.closeWorksite(staff, { ...decision, reason: 'The clinic closed its doors.' }, ctx);
      if (step === 'declare') {
        const fields = declarationInput({ worksiteId, versionId: version.id, expectedStatus, signerName: 'Maya Manager' });
        await submitDeclaration(managerId, fields, { bytes: png, name: 'antivirus.png' }, ctx);
      }
    }
  }
}
