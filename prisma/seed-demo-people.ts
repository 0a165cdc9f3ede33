// Demo people at each step of SPEC §7/§8, made through the real services (idempotent: a person
// who already has an enrolment is left as they are). All of them work at Harbour Medical
// Associates, the demo worksite that is ACTIVE.
import { randomUUID } from 'node:crypto';
import { db } from '../src/server/db';
import { maybeStartReview } from '../src/server/enrolments/progress';
import { enrolmentFormSchema } from '../src/server/enrolments/schema';
import { saveEnrolment } from '../src/server/enrolments/service';
import { approveEnrolment } from '../src/server/enrolments/team-service';
import { requestToJoin } from '../src/server/memberships/join-service';
import { provisionMembership } from '../src/server/memberships/provisioning-service';
import { confirmJoinRequest } from '../src/server/memberships/service';
import { acceptHpcaa, completeCourse, enrolmentInput } from '../tests/factories/enrolments';

type Step = 'course' | 'agreement' | 'join' | 'confirm' | 'provision' | 'approve';
const PEOPLE: Array<{ sub: string; profession: 'PHYSICIAN' | 'NURSE_PRACTITIONER' | 'REGISTERED_NURSE' | 'MEDICAL_OFFICE_ASSISTANT'; steps: Step[] }> = [
  // An authorizer: enrolled, approved, active at the worksite.
  { sub: 'bcsc-demo-physician', profession: 'PHYSICIAN', steps: ['course', 'agreement', 'join', 'confirm', 'provision', 'approve'] },
  // Waiting for the team: every step done, in review.
  { sub: 'bcsc-demo-np', profession: 'NURSE_PRACTITIONER', steps: ['course', 'agreement', 'join', 'confirm'] },
  // Form submitted; the privacy course is the next step.
  { sub: 'bcsc-demo-rn', profession: 'REGISTERED_NURSE', steps: ['join'] },
  // An office assistant confirmed by the site admin, waiting for a sponsor.
  { sub: 'bcsc-demo-moa', profession: 'MEDICAL_OFFICE_ASSISTANT', steps: ['course', 'join', 'confirm'] },
];

export async function seedDemoPeople(siteAdminId: string, staffId: string) {
  const worksite = await db().worksite.findFirst({ where: { operatingName: 'Harbour Medical Associates', status: 'ACTIVE' } });
  if (!worksite) return;
  const ctx = { requestId: `seed-${randomUUID()}`, ip: null, userAgent: 'seed' };
  const staff = { id: staffId, staffRoles: ['ENROLMENT_TEAM' as const] };
  for (const p of PEOPLE) {
    const account = await db().loginAccount.findUnique({ where: { provider_subject: { provider: 'bcsc', subject: p.sub } }, include: { person: true } });
    if (!account || (await db().enrolment.findUnique({ where: { personId: account.personId } }))) continue;
    const personId = account.personId;
    const email = account.person.contactEmail ?? `${p.sub}@example.com`;
    await saveEnrolment(personId, enrolmentFormSchema.parse(enrolmentInput(p.profession, { contactEmail: email })), ctx);
    if (p.steps.includes('course')) await completeCourse(db(), personId);
    if (p.steps.includes('agreement')) await acceptHpcaa(db(), personId);
    await db().$transaction((tx) => maybeStartReview(tx, personId, {}));
    if (!p.steps.includes('join')) continue;
    const { membershipId } = await requestToJoin(personId, { worksiteCode: worksite.worksiteCode }, ctx);
    if (p.steps.includes('confirm')) await confirmJoinRequest(siteAdminId, { worksiteId: worksite.id, membershipId }, ctx);
    if (p.steps.includes('provision')) await provisionMembership(staff, { membershipId, expectedStatus: 'PENDING_REVIEW' }, ctx);
    if (p.steps.includes('approve')) {
      const enrolment = await db().enrolment.findUniqueOrThrow({ where: { personId } });
      await approveEnrolment(staff, { enrolmentId: enrolment.id, expectedStatus: enrolment.status }, ctx);
    }
  }
}
