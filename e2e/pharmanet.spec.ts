import type { Page } from '@playwright/test';
import { waitForMessage } from '../tests/support/mail';
import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity, type NewIdentity } from './fixtures';

// PharmaNet end to end (SPEC §11): the worksite asks once it is active, the team sends the PRIME
// instructions and approves, then a physician there asks and is approved; a pharmacist is told why not.
// The demo data's active worksite is administered by Maya Manager; Priya Physician is approved and
// active there. "Oak Bay Family Practice" is still waiting for its declaration to be approved.
const WORKSITE = 'Harbour Medical Associates';
const NOT_ACTIVE = 'Oak Bay Family Practice';
const MAYA = 'maya.manager@example.com';
const PRIYA = 'priya.physician@example.com';

async function openWorksite(page: Page, name: string) {
  await page.goto('/worksites');
  await page.getByRole('link', { name }).first().click();
  await expect(page).toHaveURL(/\/worksites\/[0-9a-f-]{36}$/);
}

async function openPharmanet(page: Page) {
  await openWorksite(page, WORKSITE);
  await page.getByRole('link', { name: 'PharmaNet' }).click();
  await expect(page).toHaveURL(/\/worksites\/[0-9a-f-]{36}\/pharmanet$/);
  await expect(page.getByRole('heading', { level: 1, name: 'PharmaNet' })).toBeVisible();
  await expectAccessible(page);
}

async function enrolAsPharmacist(page: Page) {
  await page.goto('/enrolment');
  await page.getByLabel('Profession').selectOption({ label: 'Pharmacist' });
  await page.getByLabel('CPBC licence number').fill(String(10000 + Math.floor(Math.random() * 89999)));
  await page.getByLabel('Phone', { exact: true }).fill('250-555-0166');
  await page.getByRole('button', { name: 'Submit enrolment' }).click();
  await expect(page).toHaveURL(/\/enrolment\?saved=/);
}

async function joinAndGetSetUp(person: Page, maya: Page, staff: Page, who: NewIdentity) {
  const name = `${who.givenName} ${who.familyName}`;
  await person.goto('/worksites/join');
  await person.getByLabel('Street, city, postal code or worksite name').fill('Nanaimo');
  await person.getByRole('button', { name: 'Search' }).click();
  await person.getByRole('button', { name: `Request to join ${WORKSITE}` }).click();
  await expect(person.getByText('Request sent')).toBeVisible();

  await openWorksite(maya, WORKSITE);
  await maya.getByRole('link', { name: 'Members and invitations' }).click();
  await clickAndWaitForAction(maya, maya.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: /Confirm/ }));
  await expect(maya.getByRole('row', { name: new RegExp(`${name}.*Being set up by the enrolment team`) })).toBeVisible();

  await staff.goto('/admin/memberships');
  const setUp = staff.getByRole('button', { name: `Set up access for ${name} at ${WORKSITE}` });
  await clickAndWaitForAction(staff, setUp);
  await staff.reload();
  await expect(setUp).toHaveCount(0);
}

test('a worksite gets PharmaNet once active, a physician there is approved, and a pharmacist is told why not', async ({ browser }) => {
  test.setTimeout(240_000);
  const newPage = async () => (await browser.newContext()).newPage();
  const maya = await newPage();
  const staff = await newPage();
  const priya = await newPage();
  const pharmacist = await newPage();

  // A worksite that is not active yet cannot ask.
  await signInAsPreset(maya, 'Maya Manager');
  await openWorksite(maya, NOT_ACTIVE);
  await maya.goto(`${maya.url()}/pharmanet`);
  await expect(maya.getByText('The worksite must be active (its declaration approved) before you can ask for PharmaNet.')).toBeVisible();
  await expect(maya.getByRole('button', { name: 'Ask for PharmaNet for this worksite' })).toHaveCount(0);
  await expectAccessible(maya);

  // The active worksite asks; the team is emailed.
  await openPharmanet(maya);
  await expect(maya.getByText('PharmaNet for this worksite: Not enabled.')).toBeVisible();
  await clickAndWaitForAction(maya, maya.getByRole('button', { name: 'Ask for PharmaNet for this worksite' }));
  // The button gives way to where the request stands (the page re-renders after the action).
  await expect(maya.getByText('You already asked for PharmaNet for this worksite; the enrolment team is working on it.')).toBeVisible();
  await expect(maya.getByRole('table', { name: 'PharmaNet requests for this worksite' })).toContainText('Waiting for the enrolment team');
  await expectAccessible(maya);

  // Before the worksite is enabled, a physician there cannot ask yet.
  await signInAsPreset(priya, 'Priya Physician');
  await openPharmanet(priya);
  await expect(priya.getByText('PharmaNet is not enabled for this worksite yet. A site administrator must ask for it first.')).toBeVisible();

  // The team sends the PRIME instructions, then approves.
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/pharmanet');
  await expectAccessible(staff);
  const worksiteRow = staff.getByRole('row', { name: new RegExp(WORKSITE) });
  await expect(staff.getByRole('button', { name: `Approve — ${WORKSITE}` })).toHaveCount(0); // instructions first
  await clickAndWaitForAction(staff, worksiteRow.getByRole('button', { name: `PRIME instructions sent — ${WORKSITE}` }));
  await expect(worksiteRow).toContainText('PRIME instructions sent');
  const instructions = await waitForMessage(E2E.mailUrl, { to: MAYA, subjectIncludes: `PRIME enrolment instructions sent for ${WORKSITE}` }, 20_000);
  expect(instructions.subject).toMatch(/Worksite ID [A-Z0-9]{7}/);
  await expectAccessible(staff);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: `Approve — ${WORKSITE}` }));
  // The answer shows in the row at once; the list of recent decisions has it on the next visit.
  await expect(worksiteRow).toContainText('Decided by Tessa Teamlead');
  await staff.reload();
  await expect(staff.getByRole('table', { name: 'Recent PharmaNet decisions' })).toContainText(`The worksite ${WORKSITE}`);
  await waitForMessage(E2E.mailUrl, { to: MAYA, subjectIncludes: `PharmaNet enabled for ${WORKSITE}` }, 20_000);

  await maya.reload();
  await expect(maya.getByText('PharmaNet for this worksite: Enabled.')).toBeVisible();

  // The physician asks and the team approves.
  await priya.reload();
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Ask for PharmaNet access for myself' }));
  await expect(priya.getByText('You already asked for PharmaNet access here; the enrolment team has not decided yet.')).toBeVisible();
  await expectAccessible(priya);
  await staff.reload();
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Approve — Priya Physician' }));
  await expect(staff.getByRole('button', { name: 'Approve — Priya Physician' })).toHaveCount(0);
  await staff.reload();
  await expect(staff.getByRole('button', { name: 'Approve — Priya Physician' })).toHaveCount(0);
  await expect(staff.getByRole('table', { name: 'Recent PharmaNet decisions' })).toContainText(`Priya Physician at ${WORKSITE}`);
  await expectAccessible(staff);
  await waitForMessage(E2E.mailUrl, { to: PRIYA, subjectIncludes: `PharmaNet access approved at ${WORKSITE}` }, 20_000);
  await priya.reload();
  await expect(priya.getByRole('table', { name: 'Your PharmaNet requests at this worksite' })).toContainText('Approved');
  await expect(priya.getByText('You already have PharmaNet access at this worksite.')).toBeVisible();

  // A pharmacist at the same worksite is refused, citing the designation order.
  const who = uniqueIdentity('Pharma');
  await signInAsNew(pharmacist, who);
  await enrolAsPharmacist(pharmacist);
  await joinAndGetSetUp(pharmacist, maya, staff, who);
  await openPharmanet(pharmacist);
  await expect(pharmacist.getByText('Not through this portal')).toBeVisible();
  await expect(pharmacist.getByText(/the PharmaNet designation order gives pharmacists access through their pharmacy/)).toBeVisible();
  await expect(pharmacist.getByRole('button', { name: 'Ask for PharmaNet access for myself' })).toHaveCount(0);
});
