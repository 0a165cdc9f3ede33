// Idempotent demo data: people for the local sign-in provider's preset identities, with staff
// roles for the enrolment-team member and the auditor. Safe to run on every start.
import { presetIdentities } from '../dev/oidc/identities';
import type { StaffRoleKind } from '../src/generated/prisma/client';
import { db } from '../src/server/db';
import { env } from '../src/server/env';
import { ensurePerson } from '../tests/factories/people';
import { ensureDeclarationVersion } from './seed-data/declaration-v1';
import { ensureHpcaaVersion } from './seed-data/hpcaa-v1';
import { seedDemoPeople } from './seed-demo-people';
import { seedDemoReminders } from './seed-demo-reminders';
import { seedDemoWorksites } from './seed-demo-worksites';
import { issueViewerAccount, setViewerPassword } from '../src/server/viewer-accounts/service';

const staff: Record<string, StaffRoleKind[]> = {
  team: ['ENROLMENT_TEAM', 'STAFF_ADMIN'],
  auditor: ['AUDITOR'],
};

async function main() {
  await ensureDeclarationVersion(db());
  await ensureHpcaaVersion(db());
  for (const p of presetIdentities) {
    if (p.identity_assurance_level < env().OIDC_MIN_ASSURANCE) continue; // cannot sign in anyway
    await ensurePerson(db(), {
      subject: p.sub,
      issuer: env().OIDC_ISSUER,
      givenName: p.given_name,
      familyName: p.family_name,
      birthdate: p.birthdate,
      email: p.email,
      assuranceLevel: p.identity_assurance_level,
      staffRoles: staff[p.key] ?? [],
    });
  }
  const person = (sub: string) =>
    db().loginAccount.findUniqueOrThrow({ where: { provider_subject: { provider: 'bcsc', subject: sub } } });
  const [manager, team] = [(await person('bcsc-demo-manager')).personId, (await person('bcsc-demo-team')).personId];
  await seedDemoWorksites(manager, team);
  await seedDemoPeople(manager, team);
  await seedDemoViewerAccount('bcsc-demo-physician', team);
  await seedDemoReminders(manager, team);
  console.log('Demo data ready: preset people at each step, declaration and agreement texts, demo worksites.');
  await db().$disconnect();
}

// Priya Physician's CareConnect viewer account (issued at her approval above) with a known demo
// password, so the viewer's sign-in check can be tried: docs/api/viewer-accounts.md.
const DEMO_VIEWER_PASSWORD = 'harbour lantern meadow';
async function seedDemoViewerAccount(sub: string, staffId: string) {
  const account = await db().loginAccount.findUnique({ where: { provider_subject: { provider: 'bcsc', subject: sub } }, include: { person: true } });
  const enrolment = account && (await db().enrolment.findUnique({ where: { personId: account.personId } }));
  if (!account || enrolment?.status !== 'APPROVED') return;
  await db().$transaction((tx) => issueViewerAccount(tx, account.person, { type: 'STAFF', personId: staffId }));
  const viewer = await db().viewerAccount.findUniqueOrThrow({ where: { personId: account.personId } });
  if (!viewer.passwordHash) await setViewerPassword(account.personId, { password: DEMO_VIEWER_PASSWORD, confirmPassword: DEMO_VIEWER_PASSWORD });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
