// Demo people for the reminders (SPEC §16): a locum whose last day is about 20 days ahead, and a
// physician whose HPCAA acceptance runs out in 10 days (the scheduler sends the 14-day reminder
// on its first run). Both are approved and active at Harbour Medical Associates, made through the
// real services; idempotent (a person who already has an enrolment is left as they are). Either
// can sign in on the local sign-in page as a new identity with the details below.
import { randomUUID } from 'node:crypto';
import { subjectFor } from '../dev/oidc/identities';
import { addCalendarMonths, pacificDateOf } from '../src/server/agreements/rules';
import { clock } from '../src/lib/clock';
import { db } from '../src/server/db';
import { env } from '../src/server/env';
import { maybeStartReview } from '../src/server/enrolments/progress';
import { enrolmentFormSchema } from '../src/server/enrolments/schema';
import { saveEnrolment } from '../src/server/enrolments/service';
import { approveEnrolment } from '../src/server/enrolments/team-service';
import { requestToJoin } from '../src/server/memberships/join-service';
import { provisionMembership } from '../src/server/memberships/provisioning-service';
import { confirmJoinRequest } from '../src/server/memberships/service';
import { addDays } from '../src/server/reminders/rules';
import { setLocum } from '../src/server/sponsorships/locum-service';
import { acceptHpcaa, completeCourse, enrolmentInput } from '../tests/factories/enrolments';
import { ensurePerson } from '../tests/factories/people';

const DAY = 86_400_000;

export const DEMO_REMINDER_PEOPLE = [
  { key: 'locum', given_name: 'Leo', family_name: 'Locum', birthdate: '1985-04-02', email: 'leo.locum@example.com' },
  { key: 'renewal', given_name: 'Rosa', family_name: 'Renewal', birthdate: '1979-09-14', email: 'rosa.renewal@example.com' },
] as const;

export async function seedDemoReminders(siteAdminId: string, staffId: string) {
  const worksite = await db().worksite.findFirst({ where: { operatingName: 'Harbour Medical Associates', status: 'ACTIVE' } });
  if (!worksite) return;
  const ctx = { requestId: `seed-${randomUUID()}`, ip: null, userAgent: 'seed' };
  const staff = { id: staffId, staffRoles: ['ENROLMENT_TEAM' as const] };
  const now = clock.now();
  for (const p of DEMO_REMINDER_PEOPLE) {
    const person = await ensurePerson(db(), {
      subject: subjectFor(p),
      issuer: env().OIDC_ISSUER,
      givenName: p.given_name,
      familyName: p.family_name,
      birthdate: p.birthdate,
      email: p.email,
    });
    if (await db().enrolment.findUnique({ where: { personId: person.id } })) continue;
    await saveEnrolment(person.id, enrolmentFormSchema.parse(enrolmentInput('PHYSICIAN', { contactEmail: p.email })), ctx);
    await completeCourse(db(), person.id);
    // Rosa accepted 12 months less 10 days ago, so her acceptance runs out in 10 days.
    const acceptedAt =
      p.key === 'renewal' ? new Date(Date.parse(`${addCalendarMonths(pacificDateOf(now), -12)}T20:00:00Z`) + 10 * DAY) : now;
    await acceptHpcaa(db(), person.id, { acceptedAt });
    await db().$transaction((tx) => maybeStartReview(tx, person.id, {}));
    const { membershipId } = await requestToJoin(person.id, { worksiteCode: worksite.worksiteCode }, ctx);
    await confirmJoinRequest(siteAdminId, { worksiteId: worksite.id, membershipId }, ctx);
    await provisionMembership(staff, { membershipId, expectedStatus: 'PENDING_REVIEW' }, ctx);
    const enrolment = await db().enrolment.findUniqueOrThrow({ where: { personId: person.id } });
    await approveEnrolment(staff, { enrolmentId: enrolment.id, expectedStatus: enrolment.status }, ctx);
    if (p.key === 'locum') {
      await setLocum(siteAdminId, { worksiteId: worksite.id, membershipId, isLocum: true, locumEndDate: addDays(pacificDateOf(now), 20) }, ctx);
    }
  }
}
