// SPEC §18 in a browser: a staff admin invites a new team member by email; the new person signs in
// with a new identity, accepts and reaches the team's work list. Someone who had typed that email
// as their contact email gets nothing.
import type { Browser, Page } from '@playwright/test';
import { listMessages, waitForMessage } from '../tests/support/mail';
import { E2E, expect, expectAccessible, signInAsNew, signInAsPreset, test, uniqueIdentity, type NewIdentity } from './fixtures';

/** On the local provider's page (already open): sign in as a new identity. */
async function completeSignInAsNew(page: Page, who: NewIdentity) {
  await page.waitForURL(`${E2E.oidcUrl}/**`);
  await page.getByLabel('Given name').fill(who.givenName);
  await page.getByLabel('Family name').fill(who.familyName);
  await page.getByLabel('Birthdate').fill(who.birthdate);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Identity assurance level').selectOption('3');
  await page.getByRole('button', { name: 'Sign in as this new identity' }).click();
}

/** Each browser context opened here: an unexpected console error in any of its pages fails the test. */
async function openContext(browser: Browser, errors: string[]) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page };
}

const linkIn = (text: string, path: string) => {
  const m = new RegExp(`https?://[^\\s"<>]+${path}[A-Za-z0-9_-]+`).exec(text);
  if (!m) throw new Error(`No ${path} link in the email`);
  return new URL(m[0]).pathname;
};

test('a staff admin invites a new team member, who accepts and reaches the work list; a squatter on that email gets nothing', async ({ browser }) => {
  const colleagueEmail = `colleague.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const errors: string[] = [];

  // Mallory types the future colleague's address as her contact email before anything happens.
  const mallory = uniqueIdentity('Mallory');
  const { ctx: malloryCtx, page: malloryPage } = await openContext(browser, errors);
  await signInAsNew(malloryPage, mallory);
  await malloryPage.goto('/profile');
  await malloryPage.getByLabel('Contact email').fill(colleagueEmail);
  await malloryPage.getByRole('button', { name: 'Save profile' }).click();
  // The save confirmation itself (the page's waiting notice may say "We sent a link" too once refreshed).
  await expect(malloryPage.getByText(`We sent a link to ${colleagueEmail}. Your contact email changes once you open it`)).toBeVisible();
  await malloryPage.reload();
  await expect(malloryPage.getByRole('heading', { name: `Waiting for confirmation — check ${colleagueEmail}` })).toBeVisible();
  await expect(malloryPage.getByText(`Until then we keep writing to ${mallory.email}.`)).toBeVisible();
  await expectAccessible(malloryPage);

  // Tessa, a staff admin, invites the colleague by email.
  const { ctx: adminCtx, page: admin } = await openContext(browser, errors);
  await signInAsPreset(admin, 'Tessa Teamlead');
  await admin.goto('/admin/staff');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Staff roles');
  await expectAccessible(admin);
  // Searching the typed address finds nobody: only sign-in identities are searched.
  await admin.getByLabel('Name, sign-in email or subject').fill(colleagueEmail);
  await admin.getByRole('button', { name: 'Find' }).click();
  await expect(admin.getByText('Nobody who has signed in matches.')).toBeVisible();
  // A bad address is explained next to the field.
  await admin.getByLabel('Email address to send the invitation to').fill('not-an-email');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByLabel('Email address to send the invitation to')).toHaveAttribute('aria-invalid', 'true');
  await admin.getByLabel('Email address to send the invitation to').fill(colleagueEmail);
  await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Enrolment team' });
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByText(`We sent a staff invitation to ${colleagueEmail}.`)).toBeVisible();
  await expect(admin.getByRole('row', { name: new RegExp(colleagueEmail) })).toContainText('Waiting for a reply');
  await expectAccessible(admin);

  const invitation = await waitForMessage(E2E.mailUrl, { to: colleagueEmail, subjectIncludes: 'staff' }, 20_000);
  const invitePath = linkIn(invitation.text, '/staff-invitations/');

  // The colleague opens the link, signs in with a new identity (another email on the card) and accepts.
  const colleague = uniqueIdentity('Colette');
  const { ctx: colleagueCtx, page } = await openContext(browser, errors);
  await page.goto(invitePath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are invited to join the enrolment staff');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign in with BC Services Card to continue' }).click();
  await completeSignInAsNew(page, colleague);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join the enrolment staff');
  await expect(page.locator('dd').first()).toHaveText('Enrolment team');
  await expectAccessible(page);
  await page.getByRole('button', { name: /Accept the role/ }).click();
  await expect(page.getByRole('heading', { name: 'You now have the role Enrolment team' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the admin area' }).click();
  await expect(page.getByTestId('staff-roles')).toContainText('Enrolment team');
  await page.getByRole('link', { name: 'Work list (every queue)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work list');
  await expectAccessible(page);

  // Mallory gets nothing: no staff area, no email about the role, and the link is spent.
  await malloryPage.goto('/admin');
  await expect(malloryPage.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
  expect((await listMessages(E2E.mailUrl, { to: mallory.email })).map((m) => m.subject).join('\n')).not.toMatch(/staff/i);
  await malloryPage.goto(invitePath);
  await expect(malloryPage.getByRole('heading', { level: 1 })).toHaveText('This staff invitation was already used');
  await expectAccessible(malloryPage);
  await malloryPage.goto('/admin');
  await expect(malloryPage.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');

  // The staff admin sees the new team member, and no invitation left waiting.
  await admin.reload();
  await expect(admin.getByRole('row', { name: new RegExp(`${colleague.givenName} ${colleague.familyName}`) })).toContainText('Enrolment team');
  await expect(admin.getByRole('row', { name: new RegExp(colleagueEmail) })).toHaveCount(0);

  for (const c of [malloryCtx, adminCtx, colleagueCtx]) await c.close();
  expect(errors, 'console errors in the pages').toEqual([]);
});

test('a made-up staff invitation link is refused with a page that says so', async ({ page }) => {
  await signInAsNew(page, uniqueIdentity('Fergus'));
  await page.goto(`/staff-invitations/${'A'.repeat(43)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This staff invitation link is not valid');
  await expectAccessible(page);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
});
