import type { Locator, Page } from '@playwright/test';
import { waitForMessage } from '../tests/support/mail';
import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity, type NewIdentity } from './fixtures';

// The enrolment team's review of one enrolment, end to end: found by licence number, a note,
// changes requested, the practitioner's correction, approval, and the timeline that tells it all.
// A fresh practitioner keeps this journey independent of the demo people and of other specs.

const REASON = 'Please add your preferred name exactly as it appears on your college licence.';
const NOTE = 'Licence checked with the CPSBC register: the name there differs from the card.';

async function enrolAsPhysician(page: Page, who: NewIdentity, licence: string) {
  await page.goto('/enrolment');
  await page.getByLabel('Profession').selectOption({ label: 'Physician' });
  await page.getByLabel('CPSBC licence number').fill(licence);
  await page.getByLabel('Phone', { exact: true }).fill('250-555-0188');
  await page.getByRole('button', { name: 'Submit enrolment' }).click();
  await expect(page).toHaveURL(/\/enrolment\?saved=/);
  await page.goto('/privacy-course');
  await page.getByRole('link', { name: 'Take the demo course' }).click();
  await page.getByRole('radio', { name: 'When I am providing or supporting care to that person' }).check();
  await page.getByRole('radio', { name: 'Neither: they use their own account, once they have their card' }).check();
  await page.getByRole('radio', { name: 'Report it right away to my privacy contact and the enrolment team' }).check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByText(/Your course completion is recorded|Completed on/).first()).toBeVisible({ timeout: 20_000 });
  await page.goto('/agreement');
  await page.getByRole('checkbox', { name: /I have read and agree/ }).check();
  await page.getByLabel('Type your full name').fill(`${who.givenName} ${who.familyName}`);
  await page.getByRole('button', { name: 'Accept the agreement' }).click();
  await expect(page.getByText(/Your acceptance is recorded|You accepted version/).first()).toBeVisible();
}

/** The position of the first timeline entry matching the text (newest first: smaller is later). */
async function positionOf(items: Locator, text: string | RegExp): Promise<number> {
  const texts = await items.allInnerTexts();
  const at = texts.findIndex((t) => (typeof text === 'string' ? t.includes(text) : text.test(t)));
  expect(at, `timeline entry ${String(text)} in:\n${texts.join('\n---\n')}`).toBeGreaterThanOrEqual(0);
  return at;
}

test('the team finds an enrolment by licence number, asks for changes, and approves the correction; the timeline tells it all', async ({ browser }) => {
  test.setTimeout(240_000);
  const practitioner = await (await browser.newContext()).newPage();
  const staff = await (await browser.newContext()).newPage();
  const who = uniqueIdentity('Review');
  const licence = String(10000 + Math.floor(Math.random() * 89999));
  const name = `${who.givenName} ${who.familyName}`;

  // The practitioner completes every step: the enrolment enters the team's queue.
  await signInAsNew(practitioner, who);
  await enrolAsPhysician(practitioner, who, licence);

  // The team member finds it by licence number.
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto(`/admin/search?q=${licence}`);
  await expectAccessible(staff);
  await staff.getByRole('link', { name }).click();
  await expect(staff).toHaveURL(/\/admin\/people\/[0-9a-f-]{36}$/);
  await expect(staff.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(staff.getByText(`CPSBC ${licence}`).first()).toBeVisible();
  await expectAccessible(staff);
  await staff.getByRole('link', { name: 'Open the enrolment to review or decide' }).click();
  // The person page has a note form too: wait for the enrolment page itself.
  await expect(staff).toHaveURL(/\/admin\/enrolments\/[0-9a-f-]{36}$/);
  await expect(staff.getByRole('heading', { name: 'Decision', exact: true })).toBeVisible();
  await expectAccessible(staff);

  // A note for the team, then changes requested with the reason the practitioner reads.
  await staff.getByLabel('Note for the team').fill(NOTE);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Add note' }));
  // (Each view of the page is itself an entry, so the note is not necessarily the newest one.)
  await expect(staff.getByTestId('timeline').getByRole('listitem').filter({ hasText: NOTE })).toContainText('by Tessa Teamlead');
  await staff.getByLabel('What needs to change').fill(REASON);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Request changes' }));
  await expect(staff.getByText('Changes requested. The person was emailed the reason.')).toBeVisible();
  await expectAccessible(staff);
  const changesMail = await waitForMessage(E2E.mailUrl, { to: who.email, subjectIncludes: 'Changes needed' }, 20_000);
  expect(changesMail.text).toContain(REASON);

  // The practitioner reads the reason on the dashboard, corrects the form and submits it again.
  await practitioner.goto('/');
  await expect(practitioner.getByText('The enrolment team asked for changes').first()).toBeVisible();
  await expect(practitioner.getByText(REASON).first()).toBeVisible();
  await expectAccessible(practitioner);
  await practitioner.goto('/enrolment');
  await practitioner.getByLabel('Preferred first name').fill('Rev');
  await practitioner.getByLabel('Preferred last name').fill(who.familyName);
  await practitioner.getByRole('button', { name: 'Submit the corrected form' }).click();
  await expect(practitioner).toHaveURL(/\/enrolment\?saved=/);

  // Back in review: the team approves.
  await staff.reload();
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Approve enrolment' }));
  await expect(staff.getByText(/Enrolment approved/)).toBeVisible();
  await waitForMessage(E2E.mailUrl, { to: who.email, subjectIncludes: 'Welcome to CareConnect' }, 20_000);

  // The timeline, newest first, once the outbox has delivered both emails.
  const items = staff.getByTestId('timeline').getByRole('listitem');
  const welcome = items.filter({ hasText: 'Welcome to CareConnect' });
  const changes = items.filter({ hasText: 'Changes needed to your CareConnect enrolment' });
  await expect(async () => {
    await staff.reload();
    await expect(welcome).toContainText('Sent', { timeout: 1_000 });
    await expect(changes).toContainText('Sent', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(welcome).toContainText(`to ${who.email}`);

  const order = [
    await positionOf(items, 'Welcome to CareConnect'),
    await positionOf(items, /Enrolment: In review → Approved, by Tessa Teamlead/),
    await positionOf(items, /Enrolment: Changes requested → Submitted/),
    await positionOf(items, 'Changes needed to your CareConnect enrolment'),
    await positionOf(items, /Enrolment: In review → Changes requested, by Tessa Teamlead/),
    await positionOf(items, NOTE),
  ];
  expect(order).toEqual([...order].sort((a, b) => a - b));
  await expect(items.filter({ hasText: /Changes requested, by Tessa Teamlead/ })).toContainText(REASON);
  await expect(items.filter({ hasText: 'Details viewed by staff' }).first()).toContainText('Tessa Teamlead');
  await expectAccessible(staff);
});
