import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { e2eClockFile } from '../dev/e2e-clock-file';
import { subjectFor } from '../dev/oidc/identities';
import { waitForMessage } from '../tests/support/mail';
import { wallClock } from '../tests/support/clock';
import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity } from './fixtures';

// SPEC §8 and §16: a site admin invites a locum with a last day, the locum enrols and is
// approved, is reminded before the end, and after the last day (the server's clock moved, see
// dev/e2e-clock.cjs) "Can I open CareConnect?" and the access API both say LOCUM_ENDED.
const WORKSITE = 'Harbour Medical Associates';
const DAY = 86_400_000;
const clockFile = e2eClockFile(Number(new URL(E2E.appUrl).port));
const moveServerClock = (ms: number) => writeFileSync(clockFile, String(ms));

// The server keeps real time (plus any offset), so dates it will accept come from the real clock.
const pacificDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver' }).format(d);
const longDate = (ymd: string) => new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${ymd}T12:00:00Z`));

test.afterEach(() => moveServerClock(0));

async function accessApi(page: Page, key: string, subject: string, worksiteId: string) {
  const res = await page.request.get(`${E2E.appUrl}/api/v1/access`, {
    headers: { authorization: `Bearer ${key}` },
    params: { subject, worksite: worksiteId, location: 'onsite' },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { allowed: boolean; reasons: { code: string }[] };
}

test('a locum invited with a last day enrols, is approved, is reminded, and loses access after that day', async ({ browser }) => {
  test.setTimeout(300_000);
  const newPage = async () => (await browser.newContext()).newPage();
  const maya = await newPage();
  const locum = await newPage();
  const staff = await newPage();
  const who = uniqueIdentity('Locum');
  const lastDay = pacificDate(new Date(wallClock().getTime() + DAY));

  // The site admin invites the locum with a last day.
  await signInAsPreset(maya, 'Maya Manager');
  await maya.goto('/worksites');
  await maya.getByRole('link', { name: WORKSITE }).click();
  await maya.getByRole('link', { name: 'Members and invitations' }).click();
  await expect(maya).toHaveURL(/\/worksites\/[0-9a-f-]+\/members/);
  const worksiteId = /\/worksites\/([0-9a-f-]+)\/members/.exec(maya.url())![1]!;
  // Each member's row has its own (folded) locum form; this is the invitation's.
  const invite = maya.locator('form').filter({ has: maya.getByRole('button', { name: 'Send invitation' }) });
  await invite.getByLabel('Email address').fill(who.email);
  await invite.getByLabel('This person is a locum').check();
  await invite.getByLabel('Last day of the locum').fill(lastDay);
  await expectAccessible(maya);
  await clickAndWaitForAction(maya, invite.getByRole('button', { name: 'Send invitation' }));
  const invitation = await waitForMessage(E2E.mailUrl, { to: who.email, subjectIncludes: `You are invited to join ${WORKSITE}` }, 20_000);
  const link = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(invitation.text)![0]!;

  // The locum signs in, accepts, and completes every enrolment step as an independent user.
  await signInAsNew(locum, who);
  await locum.goto(link);
  await expectAccessible(locum);
  await clickAndWaitForAction(locum, locum.getByRole('button', { name: /^Accept invitation/ }));
  await locum.goto('/enrolment');
  await locum.getByLabel('Profession').selectOption({ label: 'Physician' });
  await locum.getByLabel('CPSBC licence number').fill('12345');
  await locum.getByLabel('Phone', { exact: true }).fill('250-555-0177');
  await expectAccessible(locum);
  await locum.getByRole('button', { name: 'Submit enrolment' }).click();
  await expect(locum).toHaveURL(/\/enrolment\?saved=/);
  await locum.goto('/privacy-course');
  await locum.getByRole('link', { name: 'Take the demo course' }).click();
  await locum.getByRole('radio', { name: 'When I am providing or supporting care to that person' }).check();
  await locum.getByRole('radio', { name: 'Neither: they use their own account, once they have their card' }).check();
  await locum.getByRole('radio', { name: 'Report it right away to my privacy contact and the enrolment team' }).check();
  await locum.getByRole('button', { name: 'Check my answers' }).click();
  await expect(locum.getByText(/Your course completion is recorded|Completed on/).first()).toBeVisible({ timeout: 20_000 });
  await locum.goto('/agreement');
  await expectAccessible(locum);
  await locum.getByRole('checkbox', { name: /I have read and agree/ }).check();
  await locum.getByLabel('Type your full name').fill(`${who.givenName} ${who.familyName}`);
  await locum.getByRole('button', { name: 'Accept the agreement' }).click();
  await expect(locum.getByText(/Your acceptance is recorded|You accepted version/).first()).toBeVisible();

  // The team sets up access and approves.
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/memberships');
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: `Set up access for ${who.givenName} ${who.familyName} at ${WORKSITE}` }));
  await staff.goto('/admin/enrolments');
  await staff.getByRole('link', { name: new RegExp(`${who.givenName} ${who.familyName}`) }).click();
  await expectAccessible(staff);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Approve enrolment' }));
  await staff.goto('/admin/api-keys');
  await staff.getByLabel('Name').fill(`Locum check ${who.familyName}`);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Create key' }));
  const key = (await staff.getByTestId('new-api-key').textContent())!.trim();

  // Before the end: the locum may open CareConnect, and the members page says until when.
  const subject = subjectFor({ given_name: who.givenName, family_name: who.familyName, birthdate: who.birthdate, email: who.email });
  await locum.goto('/');
  const panel = locum.getByRole('region', { name: 'Can I open CareConnect?' });
  await expect(panel).toContainText(`Yes — you can open CareConnect at ${WORKSITE}`);
  await expectAccessible(locum);
  expect(await accessApi(staff, key, subject, worksiteId)).toMatchObject({ allowed: true, reasons: [] });
  await maya.reload();
  await expect(maya.getByRole('row', { name: new RegExp(`${who.givenName} ${who.familyName}`) })).toContainText(`Locum until ${longDate(lastDay)}`);

  // Fewer than 7 days are left, so the scheduler reminds the locum (and the site admins) at once.
  const reminder = await waitForMessage(E2E.mailUrl, { to: who.email, subjectIncludes: `Your locum at ${WORKSITE} ends after ${longDate(lastDay)}` }, 30_000);
  expect(reminder.text).toContain('ask a site administrator');

  // Three days later (the server's clock moved): the last day has passed, with no job run.
  moveServerClock(3 * DAY);
  // The server reads the offset within a moment; poll until it has.
  await expect.poll(async () => (await accessApi(staff, key, subject, worksiteId)).reasons.map((r) => r.code), { timeout: 5_000 }).toEqual(['LOCUM_ENDED']);
  await signInAsNew(locum, who); // the session from three days ago has expired
  await locum.goto('/');
  await expect(panel).toContainText(`No — you cannot open CareConnect at ${WORKSITE}`);
  await expect(panel).toContainText('Your locum period at this worksite has ended.');
  await expectAccessible(locum);
});
