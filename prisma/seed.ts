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
import { seedDemoWorksites } from './seed-demo-worksites';

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
  console.log('Demo data ready: preset people at each step, declaration and agreement texts, demo worksites.');
  await db().$disconnect();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
