// npm run staff:grant -- <email or BC Services Card subject> <enrolment-team|auditor|staff-admin>
// Bootstraps the first staff admin; after that, staff admins grant roles in the admin area.
import { db } from '../src/server/db';
import { grantStaffRole } from '../src/server/staff/service';
import { parseStaffRole, STAFF_ROLES } from '../src/server/staff/rules';

async function main() {
  const [who, roleArg] = process.argv.slice(2);
  const role = roleArg ? parseStaffRole(roleArg) : null;
  if (!who || !role) {
    const roles = Object.values(STAFF_ROLES).map((r) => r.cli).join(' | ');
    console.error(`Usage: npm run staff:grant -- <email or subject> <${roles}>`);
    process.exit(2);
  }
  const bySubject = await db().loginAccount.findMany({ where: { subject: who } });
  const ids = bySubject.length
    ? bySubject.map((a) => a.personId)
    : (
        await db().person.findMany({
          where: { OR: [{ contactEmail: who.toLowerCase() }, { idpEmail: who }] },
          select: { id: true },
        })
      ).map((p) => p.id);
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    console.error(`No person found for "${who}". They must sign in once first.`);
    process.exit(1);
  }
  if (unique.length > 1) {
    console.error(`"${who}" matches ${unique.length} people; use their subject instead.`);
    process.exit(1);
  }
  const personId = unique[0]!;
  const r = await db().$transaction((tx) =>
    grantStaffRole(tx, { personId, role, grantedById: null, actor: { type: 'SYSTEM', label: 'cli:staff:grant' } }),
  );
  console.log(r.created ? `Granted ${STAFF_ROLES[role].label} to ${who}.` : `${who} already has ${STAFF_ROLES[role].label}.`);
  await db().$disconnect();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
