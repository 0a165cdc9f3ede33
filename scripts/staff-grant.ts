// npm run staff:grant -- <subject | person id> <enrolment-team|auditor|staff-admin> [--issuer <issuer>]
// npm run staff:grant -- --recent     (who signed in last: name, person id, issuer and subject)
// Bootstraps the first staff admin; after that, staff admins grant roles in the admin area.
// A person is identified by their sign-in identity (issuer and subject) or person id, never by
// an email: contact emails are typed by people, and emails are not identities.
import { db } from '../src/server/db';
import { grantStaffRole } from '../src/server/staff/service';
import { parseStaffRole, STAFF_ROLES } from '../src/server/staff/rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const roles = Object.values(STAFF_ROLES).map((r) => r.cli).join(' | ');
const usage = `Usage: npm run staff:grant -- <subject or person id> <${roles}> [--issuer <issuer>]
       npm run staff:grant -- --recent`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function recent() {
  const accounts = await db().loginAccount.findMany({
    include: { person: true },
    orderBy: [{ person: { lastSignInAt: { sort: 'desc', nulls: 'last' } } }, { createdAt: 'desc' }],
    take: 10,
  });
  for (const a of accounts) {
    const p = a.person;
    console.log(`${p.legalGivenName} ${p.legalFamilyName}\tperson ${p.id}\tissuer ${a.issuer}\tsubject ${a.subject}\tidp email ${p.idpEmail ?? '-'}`);
  }
}

/** The one person this identifier names, by person id or by (issuer,) subject. */
async function personIdOf(who: string, issuer: string | undefined): Promise<string> {
  if (UUID.test(who)) {
    const p = await db().person.findUnique({ where: { id: who }, select: { id: true } });
    if (p) return p.id;
  }
  const accounts = await db().loginAccount.findMany({
    where: { subject: who, ...(issuer ? { issuer } : {}) },
    select: { personId: true, issuer: true },
  });
  if (accounts.length === 0) {
    if (who.includes('@'))
      fail(`"${who}" looks like an email. Emails do not identify anyone here: use the person's subject or person id (npm run staff:grant -- --recent lists them).`);
    fail(`No person found for "${who}". They must sign in once first.`);
  }
  const people = [...new Set(accounts.map((a) => a.personId))];
  if (people.length > 1)
    fail(`"${who}" is a subject at ${people.length} issuers (${accounts.map((a) => a.issuer).join(', ')}); add --issuer <issuer>.`);
  return people[0]!;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--recent') return recent();
  const at = args.indexOf('--issuer');
  const issuer = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !issuer) fail(usage, 2);
  const [who, roleArg] = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args;
  const role = roleArg ? parseStaffRole(roleArg) : null;
  if (!who || !role) fail(usage, 2);
  const personId = await personIdOf(who, issuer);
  const r = await db().$transaction((tx) =>
    grantStaffRole(tx, { personId, role, grantedById: null, actor: { type: 'SYSTEM', label: 'cli:staff:grant' } }),
  );
  console.log(r.created ? `Granted ${STAFF_ROLES[role].label} to ${who}.` : `${who} already has ${STAFF_ROLES[role].label}.`);
}

main()
  .then(() => db().$disconnect())
  .catch((e) => fail(e instanceof Error ? e.message : String(e)));
