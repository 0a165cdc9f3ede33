import { waitForMessage } from '../tests/support/mail';
import { E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity } from './fixtures';

test('a new identity signs in, edits the preferred name, signs out and is refused afterwards', async ({ page, context }) => {
  const who = uniqueIdentity('Jordan');
  await page.goto('/');
  await expectAccessible(page);
  await page.goto('/sign-in');
  await expectAccessible(page);

  await signInAsNew(page, who);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${who.givenName} ${who.familyName}`);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Your profile' }).first().click();
  await expect(page.getByTestId('legal-name')).toHaveText(`${who.givenName} ${who.familyName}`);
  await expectAccessible(page);
  await page.getByLabel('Preferred first name').fill('Jo');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile is saved')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Preferred first name')).toHaveValue('Jo');
  await expect(page.getByRole('banner')).toContainText(`Jo ${who.familyName}`);
  // The legal name stays the one from the card.
  await expect(page.getByTestId('legal-name')).toHaveText(`${who.givenName} ${who.familyName}`);

  const cookiesWhileSignedIn = await context.cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are signed out');

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprofile/);

  // Replaying the old session cookie does not bring the session back: it ended on the server.
  await context.addCookies(cookiesWhileSignedIn);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('bad profile input is explained next to the field and nothing is saved', async ({ page }) => {
  await signInAsNew(page, uniqueIdentity('Casey'));
  await page.goto('/profile');
  await page.getByLabel('Contact email').fill('not-an-email');
  await page.getByLabel('Phone (optional)').fill('12');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toBeVisible();
  await expect(page.getByLabel('Contact email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter an email address like name@example.com').first()).toBeVisible();
  await expect(page.getByText('Enter a 10-digit phone number, like 250-555-0123').first()).toBeVisible();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByLabel('Contact email')).not.toHaveValue('not-an-email');
});

test('a new contact email is used only after it is confirmed from the link sent to it; the old address is told', async ({ page }) => {
  const who = uniqueIdentity('Morgan');
  await signInAsNew(page, who);
  await page.goto('/profile');
  const newEmail = `new.${who.email}`;
  await page.getByLabel('Contact email').fill(newEmail);
  await page.getByRole('button', { name: 'Save profile' }).click();
  // The save confirmation says so (the page's own "waiting" notice may say it too once refreshed).
  await expect(page.getByText(`We sent a link to ${newEmail}. Your contact email changes once you open it`)).toBeVisible();

  const toOld = await waitForMessage(E2E.mailUrl, { to: who.email, subjectIncludes: 'was requested' }, 20_000);
  expect(toOld.text).toContain(newEmail);
  expect(toOld.text).not.toContain('/profile/confirm-email/');
  const toNew = await waitForMessage(E2E.mailUrl, { to: newEmail, subjectIncludes: 'Confirm' }, 20_000);
  expect(toNew.html).toContain('</');
  const link = /https?:\/\/[^\s"<>]+\/profile\/confirm-email\/[A-Za-z0-9_-]+/.exec(toNew.text)?.[0];
  expect(link).toBeTruthy();

  await page.reload();
  await expect(page.getByRole('heading', { name: `Waiting for confirmation — check ${newEmail}` })).toBeVisible();
  await expectAccessible(page);
  await page.goto(new URL(link!).pathname);
  await expectAccessible(page);
  await page.getByRole('button', { name: `Confirm ${newEmail}` }).click();
  await expect(page.getByRole('heading', { name: 'Your contact email is confirmed' })).toBeVisible();
  // The link works once.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This confirmation link was already used');
  await page.goto('/profile');
  await expect(page.getByLabel('Contact email')).toHaveValue(newEmail);
  await expect(page.getByRole('heading', { name: /Waiting for confirmation/ })).toHaveCount(0);
});

test('a card below the required assurance level is refused with an explanation', async ({ page }) => {
  await signInAsPreset(page, 'Lou Lowassurance');
  await expect(page).toHaveURL(/\/sign-in\/refused\?reason=assurance/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not sign you in');
  await expect(page.getByText('higher level of identity check')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the enrolment team area is for staff only', async ({ page }) => {
  await signInAsNew(page, uniqueIdentity('Riley'));
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are signed out');

  await signInAsPreset(page, 'Tessa Teamlead');
  await page.goto('/admin');
  await expect(page.getByTestId('staff-roles')).toContainText('Enrolment team');
  await expectAccessible(page);

  // A staff admin manages staff roles and reads the audit trail, whose chain verifies.
  await page.getByRole('link', { name: 'Staff roles' }).click();
  await expect(page.getByRole('row', { name: /Tessa Teamlead/ })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/admin/audit');
  await expectAccessible(page);
  await page.getByRole('button', { name: /Verify the audit chain/ }).click();
  await expect(page.getByText(/Intact: \d+ events?, \d+ sealed, \d+ signed checkpoints verified/)).toBeVisible();
});
