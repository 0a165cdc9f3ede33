// Smaller fixes of issue 13: past residency and locum end dates are refused (judged in Pacific
// time, at every trap instant), and a worksite outside British Columbia cannot be registered or
// corrected into being, whatever the browser sends.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { END_DATE_IN_PAST } from '@/lib/end-date';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { saveEnrolmentAction } from '@/server/enrolments/actions';
import { enrolmentFormSchema } from '@/server/enrolments/schema';
import { saveEnrolment } from '@/server/enrolments/service';
import { setLocumAction } from '@/server/sponsorships/actions';
import { setLocum } from '@/server/sponsorships/locum-service';
import { registerWorksiteAction, resubmitIntakeAction } from '@/server/worksites/actions';
import { NOT_IN_BC } from '@/server/worksites/schema';
import { enrolmentInput } from '../factories/enrolments';
import { intakeInput, moveWorksite } from '../factories/intake';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { resetNow, setNow, TRAP_CASES } from '../support/clock';

const ctx = { requestId: 'req-end-dates', ip: null, userAgent: null };

// Independent of the portal's helper: the Pacific calendar day of an instant, and its neighbours.
const pacificToday = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const shiftDay = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

beforeEach(() => {
  signedIn.id = null;
  resetNow();
});

const resident = (residencyEnd: string) =>
  enrolmentFormSchema.parse(enrolmentInput('RESIDENT_PHYSICIAN', { residencyStart: '2024-07-01', residencyEnd }));

describe('a residency end date in the past', () => {
  it.each(TRAP_CASES)('at %s: yesterday (Pacific) is refused and nothing is stored; today is accepted', async (_, at) => {
    const today = pacificToday(at);
    const p = await ensurePerson(db());
    const e = await refusal(saveEnrolment(p.id, resident(shiftDay(today, -1)), ctx, at));
    expect({ code: e.code, fieldErrors: e.fieldErrors }).toEqual({ code: 'VALIDATION', fieldErrors: { residencyEnd: END_DATE_IN_PAST } });
    expect(await db().enrolment.count({ where: { personId: p.id } })).toBe(0);

    const ok = await saveEnrolment(p.id, resident(today), ctx, at);
    expect(ok.submitted).toBe(true);
    const stored = await db().enrolment.findUniqueOrThrow({ where: { personId: p.id } });
    expect(stored.residencyEnd?.toISOString().slice(0, 10)).toBe(today);
  });

  it('the form action answers with the field message, on a draft as on a submit, judged by the portal clock', async () => {
    const p = await ensurePerson(db());
    signedIn.id = p.id;
    for (const [name, at] of TRAP_CASES.filter(([n]) => ['sundayLate', 'newYearsEve', 'fallBackSecond'].includes(n))) {
      setNow(at);
      const yesterday = shiftDay(pacificToday(at), -1);
      for (const intent of ['save', 'submit']) {
        const r = await saveEnrolmentAction(enrolmentInput('RESIDENT_PHYSICIAN', { residencyStart: '2024-07-01', residencyEnd: yesterday, intent }));
        expect(r, `${name} ${intent}`).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { residencyEnd: END_DATE_IN_PAST } });
      }
    }
    expect(await db().enrolment.count({ where: { personId: p.id } })).toBe(0);
  });
});

describe('a locum end date in the past', () => {
  async function scene() {
    const admin = await ensurePerson(db(), { givenName: 'Ada' });
    const ws = await createWorksite(db(), { creatorId: admin.id });
    await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    const locum = await ensurePerson(db(), { givenName: 'Lou' });
    const m = await createMembership(db(), { worksiteId: ws.id, personId: locum.id });
    return { admin, ws, m };
  }

  it.each(TRAP_CASES)('at %s: yesterday (Pacific) is refused and the member is unchanged; today is accepted', async (_, at) => {
    const s = await scene();
    const today = pacificToday(at);
    const input = { worksiteId: s.ws.id, membershipId: s.m.id, isLocum: true };
    const e = await refusal(setLocum(s.admin.id, { ...input, locumEndDate: shiftDay(today, -1) }, ctx, at));
    expect({ code: e.code, fieldErrors: e.fieldErrors }).toEqual({ code: 'VALIDATION', fieldErrors: { locumEndDate: END_DATE_IN_PAST } });
    expect(await db().membership.findUniqueOrThrow({ where: { id: s.m.id } })).toMatchObject({ isLocum: false, locumEndDate: null });
    expect(await db().auditEvent.count({ where: { action: 'membership.locum_updated', targetId: s.m.id } })).toBe(0);

    expect(await setLocum(s.admin.id, { ...input, locumEndDate: today }, ctx, at)).toEqual({ membershipId: s.m.id, isLocum: true, locumEndDate: today });
  });

  it('the site admin’s action answers with the field message at 23:30 Pacific', async () => {
    const s = await scene();
    signedIn.id = s.admin.id;
    const [, at] = TRAP_CASES.find(([n]) => n === 'weekdayLate')!;
    setNow(at);
    const r = await setLocumAction({ worksiteId: s.ws.id, membershipId: s.m.id, isLocum: true, locumEndDate: shiftDay(pacificToday(at), -1) });
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { locumEndDate: END_DATE_IN_PAST } });
    const ok = await setLocumAction({ worksiteId: s.ws.id, membershipId: s.m.id, isLocum: true, locumEndDate: pacificToday(at) });
    expect(ok).toMatchObject({ ok: true, data: { locumEndDate: pacificToday(at) } });
  });
});

describe('the province is British Columbia', () => {
  const forged = ['AB', 'ON', 'British Columbia', 'XX', ''];

  it('a forged province on a registration is a field error and registers nothing', async () => {
    const p = await ensurePerson(db());
    signedIn.id = p.id;
    for (const province of forged) {
      const r = await registerWorksiteAction(intakeInput({ province }));
      expect(r, province).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { province: NOT_IN_BC } });
    }
    const { province: _omitted, ...withoutProvince } = intakeInput();
    expect(await registerWorksiteAction(withoutProvince)).toMatchObject({ ok: false, fieldErrors: { province: expect.any(String) } });
    expect(await db().worksite.count({ where: { createdById: p.id } })).toBe(0);
  });

  it('a forged province on a corrected registration is a field error and changes nothing', async () => {
    const admin = await ensurePerson(db());
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const ws = await createWorksite(db(), { creatorId: admin.id, status: 'INTAKE_SUBMITTED' });
    await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    await moveWorksite(ws.id, 'REQUEST_CHANGES', { actorId: team.id, reason: 'Use the legal name from BC Registries.' });
    signedIn.id = admin.id;
    for (const province of forged) {
      const r = await resubmitIntakeAction({ ...intakeInput({ province }), worksiteId: ws.id, expectedStatus: 'CHANGES_REQUESTED' });
      expect(r, province).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { province: NOT_IN_BC } });
    }
    expect(await db().worksite.findUniqueOrThrow({ where: { id: ws.id } })).toMatchObject({ status: 'CHANGES_REQUESTED', province: 'BC' });
  });
});
