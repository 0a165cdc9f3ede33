import type { Page } from '@playwright/test';
import { waitForMessage } from '../tests/support/mail';
import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity, type NewIdentity } from './fixtures';

// The demo data's active worksite, administered by Maya Manager.
const WORKSITE = 'Harbour Medical Associates';

async function enrol(page: Page, profession: string, fill: (p: Page) => Promise<void>) {
  await page.goto('/enrolment');
  await page.getByLabel('Profession').selectOption({ label: profession });
  await fill(page);
  await page.getByLabel('Phone', { exact: true }).fill('250-555-0177');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Submit enrolment' }).click();
  await expect(page).toHaveURL(/\/enrolment\?saved=/);
}

async function takeDemoCourse(page: Page) {
  await page.goto('/privacy-course');
  await page.getByRole('link', { name: 'Take the demo course' }).click();
  await expectAccessible(page);
  await page.getByRole('radio', { name: 'When I am providing or supporting care to that person' }).check();
  await page.getByRole('radio', { name: 'Neither: they use their own account, once they have their card' }).check();
  await page.getByRole('radio', { name: 'Report it right away to my privacy contact and the enrolment team' }).check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByText(/Your course completion is recorded|Completed on/).first()).toBeVisible({ timeout: 20_000 });
}

async function acceptAgreement(page: Page, who: NewIdentity) {
  await page.goto('/agreement');
  await expectAccessible(page);
  await page.getByRole('checkbox', { name: /I have read and agree/ }).check();
  await page.getByLabel('Type your full name').fill(`${who.givenName} ${who.familyName}`);
  await page.getByRole('button', { name: 'Accept the agreement' }).click();
  await expect(page.getByText(/Your acceptance is recorded|You accepted version/).first()).toBeVisible();
}

async function askToJoin(page: Page) {
  await page.goto('/worksites/join');
  await expectAccessible(page);
  await page.getByLabel('Street, city, postal code or worksite name').fill('Nanaimo');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: `Request to join ${WORKSITE}` }).click();
  await expect(page.getByText('Request sent')).toBeVisible();
}

async function siteAdminConfirms(maya: Page, who: NewIdentity) {
  await maya.goto('/worksites');
  await maya.getByRole('link', { name: WORKSITE }).click();
  await maya.getByRole('link', { name: 'Members and invitations' }).click();
  const row = maya.getByRole('row', { name: new RegExp(`${who.givenName} ${who.familyName}`) });
  await clickAndWaitForAction(maya, row.getByRole('button', { name: /Confirm/ }));
  // Confirmed: the person moves from the join requests to the members, with their next state.
  await expect(
    maya.getByRole('row', { name: new RegExp(`${who.givenName} ${who.familyName}.*(Being set up by the enrolment team|Waiting for a sponsor)`) }),
  ).toBeVisible();
}

async function teamSetsUpAccess(staff: Page, who: NewIdentity) {
  await staff.goto('/admin/memberships');
  await expectAccessible(staff);
  const setUp = staff.getByRole('button', { name: `Set up access for ${who.givenName} ${who.familyName} at ${WORKSITE}` });
  await clickAndWaitForAction(staff, setUp);
  // Decided: after a reload the person is no longer in the queue.
  await staff.reload();
  await expect(setUp).toHaveCount(0);
}

async function membershipStatus(page: Page) {
  await page.goto('/');
  return page.locator('[data-testid^="membership-"]').filter({ hasText: WORKSITE });
}

test('a physician enrols and is approved; an office assistant works on their behalf until the sponsorship ends', async ({ browser }) => {
  test.setTimeout(240_000);
  const newPage = async () => (await browser.newContext()).newPage();
  const doctor = await newPage();
  const maya = await newPage();
  const staff = await newPage();
  const assistant = await newPage();
  const doc = uniqueIdentity('Doctor');
  const moa = uniqueIdentity('Office');

  // (a) The physician: enrolment form, demo privacy course, HPCAA, join, confirmation, approval.
  await signInAsNew(doctor, doc);
  await expectAccessible(doctor);
  await expect(doctor.getByText('1 of 5 steps complete').first()).toBeVisible();
  await enrol(doctor, 'Physician', async (p) => p.getByLabel('CPSBC licence number').fill('12345'));
  await takeDemoCourse(doctor);
  await acceptAgreement(doctor, doc);
  await askToJoin(doctor);

  await signInAsPreset(maya, 'Maya Manager');
  await siteAdminConfirms(maya, doc);
  await signInAsPreset(staff, 'Tessa Teamlead');
  await teamSetsUpAccess(staff, doc);

  await staff.goto('/admin/enrolments');
  await expectAccessible(staff);
  await staff.getByRole('link', { name: new RegExp(`${doc.givenName} ${doc.familyName}`) }).click();
  await expectAccessible(staff);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Approve enrolment' }));
  const welcome = await waitForMessage(E2E.mailUrl, { to: doc.email, subjectIncludes: 'Welcome to CareConnect' }, 20_000);
  expect(welcome.text).toContain(WORKSITE);
  await expect(await membershipStatus(doctor)).toContainText('Active');

  // (b) The office assistant joins and picks the physician as authorizer.
  await signInAsNew(assistant, moa);
  await enrol(assistant, 'Medical Office Assistant', async (p) => p.getByLabel('Job title').fill('Front desk'));
  await takeDemoCourse(assistant);
  await askToJoin(assistant);
  await siteAdminConfirms(maya, moa);
  await expect(await membershipStatus(assistant)).toContainText('Waiting for a sponsor');

  await (await membershipStatus(assistant)).getByRole('link', { name: 'Your authorizer at this worksite' }).click();
  await expectAccessible(assistant);
  await assistant.getByRole('radio', { name: new RegExp(`${doc.givenName} ${doc.familyName}`) }).check();
  await assistant.getByRole('button', { name: 'Ask to sponsor me' }).click();
  await waitForMessage(E2E.mailUrl, { to: doc.email, subjectIncludes: `${moa.givenName} ${moa.familyName} asked you to sponsor` }, 20_000);

  // The physician accepts from their dashboard.
  await doctor.goto('/');
  await doctor.getByRole('link', { name: '1 sponsorship request to answer' }).click();
  await expect(doctor).toHaveURL(/\/sponsorships/);
  await expectAccessible(doctor);
  await clickAndWaitForAction(doctor, doctor.getByRole('button', { name: /^Accept/ }));
  await doctor.reload();
  await expect(doctor.getByRole('button', { name: new RegExp(`^End sponsorship.*${moa.familyName}`) })).toBeVisible();

  await teamSetsUpAccess(staff, moa);
  await expect(await membershipStatus(assistant)).toContainText('Active');
  await expectAccessible(assistant);

  // The physician ends the sponsorship: the assistant's access there stops at once.
  await doctor.getByRole('button', { name: /^End sponsorship/ }).click();
  await clickAndWaitForAction(doctor, doctor.getByRole('button', { name: /^Yes, end sponsorship/ }));
  const after = await membershipStatus(assistant);
  await expect(after).not.toContainText('Active');
  await expect(after).toContainText('No authorizer is sponsoring you here right now.');
});
