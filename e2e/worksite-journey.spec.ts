import sharp from 'sharp';
import { waitForMessage } from '../tests/support/mail';
import { E2E, expect, expectAccessible, signInAsPreset, test, uniqueIdentity } from './fixtures';

// A clinic goes from registration to ACTIVE, invites a colleague, and cannot lose its last admin.
test('a worksite goes from registration to active, and its site administration works', async ({ browser }) => {
  test.setTimeout(180_000);
  const manager = await (await browser.newContext()).newPage();
  const staff = await (await browser.newContext()).newPage();
  const colleague = uniqueIdentity('Colleague');

  // 1. The clinic manager registers the worksite.
  await signInAsPreset(manager, 'Maya Manager');
  await manager.goto('/worksites');
  await expectAccessible(manager);
  await manager.getByRole('link', { name: 'Register a worksite' }).click();
  await manager.getByLabel('Legal name').fill('Harbourview Family Practice Ltd.');
  await manager.getByLabel('Operating name').fill('Harbourview Family Practice');
  await manager.getByRole('radio', { name: 'Private practice clinic' }).check();
  await manager.getByLabel('Street address').fill('1200 Wharf Street');
  await manager.getByLabel('City').fill('Victoria');
  await manager.getByLabel('Postal code').fill('v8w 1t3');
  await manager.getByLabel('Phone', { exact: true }).fill('250-555-0142');
  await manager.getByLabel('Worksite email').fill('office@harbourview.example.com');
  await expectAccessible(manager);
  await manager.getByRole('button', { name: 'Register the worksite' }).click();

  await expect(manager).toHaveURL(/\/worksites\/[0-9a-f-]{36}$/);
  const worksiteUrl = manager.url();
  const code = (await manager.getByTestId('worksite-id').innerText()).trim();
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{7}$/);
  await expectAccessible(manager);
  const ack = await waitForMessage(E2E.mailUrl, { to: 'maya.manager@example.com', subjectIncludes: code }, 20_000);
  expect(ack.text).toContain(code);

  // 2. The enrolment team accepts the registration.
  const worksiteId = worksiteUrl.split('/').pop()!;
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/worksites');
  await expect(staff.getByRole('link', { name: 'Harbourview Family Practice' })).toBeVisible();
  await expectAccessible(staff);
  await staff.goto(`/admin/worksites/${worksiteId}`);
  await expectAccessible(staff);
  await staff.getByRole('button', { name: 'Accept registration' }).click();
  await expect(staff.getByText('Decision recorded')).toBeVisible();
  await waitForMessage(E2E.mailUrl, { to: 'maya.manager@example.com', subjectIncludes: `the Privacy & Security Declaration (Worksite ID ${code})` }, 20_000);

  // 3. The manager completes the declaration with an antivirus screenshot.
  await manager.reload();
  await manager.getByRole('link', { name: 'Complete the Privacy & Security Declaration' }).click();
  await expectAccessible(manager);
  const groups = manager.getByRole('group', { name: /^\d+\. / });
  const count = await groups.count();
  expect(count).toBe(10);
  for (let i = 0; i < count; i++) await groups.nth(i).getByRole('radio', { name: 'Yes' }).check();
  await manager.getByRole('textbox', { name: 'Your full name', exact: true }).fill('Maya Manager');
  await manager.getByLabel('Your job title').fill('Clinic manager');
  await manager.getByRole('checkbox', { name: /I have signing authority/ }).check();
  await manager.getByLabel('Type your full name to sign').fill('Maya Manager');
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a7' } }).png().toBuffer();
  await manager.getByLabel('Screenshot of your antivirus software').setInputFiles({ name: 'antivirus.png', mimeType: 'image/png', buffer: png });
  await manager.getByRole('button', { name: 'Sign and submit the declaration' }).click();
  await expect(manager).toHaveURL(worksiteUrl);
  await expect(manager.getByText('Declaration submitted').first()).toBeVisible();

  // 4. The team approves: the worksite is active.
  await staff.reload();
  await staff.getByRole('button', { name: 'Approve declaration — make the worksite active' }).click();
  await expect(staff.getByText('Decision recorded')).toBeVisible();
  await manager.reload();
  await expect(manager.getByText('Active', { exact: true }).first()).toBeVisible();
  await expectAccessible(manager);

  // 5. The manager invites a colleague by email.
  await manager.getByRole('link', { name: 'Members and invitations' }).click();
  await expectAccessible(manager);
  await manager.getByLabel('Email address').fill(colleague.email);
  await manager.getByRole('button', { name: 'Send invitation' }).click();
  await expect(manager.getByText('Invitation sent').first()).toBeVisible();
  const invitation = await waitForMessage(E2E.mailUrl, { to: colleague.email, subjectIncludes: code }, 20_000);
  const link = /http:\/\/localhost:\d+\/invitations\/[A-Za-z0-9_-]+/.exec(invitation.text)?.[0];
  expect(link, 'invitation link in the email').toBeTruthy();

  // 6. The colleague signs in from the emailed link and joins.
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link!);
  await expect(guest.getByRole('heading', { level: 1 })).toContainText('invited');
  await expectAccessible(guest);
  await guest.getByRole('button', { name: 'Sign in with BC Services Card to continue' }).click();
  await guest.waitForURL(`${E2E.oidcUrl}/**`);
  await guest.getByLabel('Given name').fill(colleague.givenName);
  await guest.getByLabel('Family name').fill(colleague.familyName);
  await guest.getByLabel('Birthdate').fill(colleague.birthdate);
  await guest.getByLabel('Email').fill(colleague.email);
  await guest.getByRole('button', { name: 'Sign in as this new identity' }).click();
  await guest.waitForURL(link!);
  await guest.getByRole('button', { name: /Accept invitation/ }).click();
  await expect(guest.getByText(/You have joined|joined/).first()).toBeVisible();

  await manager.reload();
  const row = manager.getByRole('row', { name: new RegExp(`${colleague.givenName} ${colleague.familyName}`) });
  await expect(row).toBeVisible();

  // 7. The only site administrator cannot remove their own role, and is told what to do.
  const mine = manager.getByRole('row', { name: /\(you\)/ });
  await mine.getByRole('button', { name: /Remove site administrator role/ }).click();
  await mine.getByRole('button', { name: /Yes, remove site administrator role/ }).click();
  await expect(manager.getByRole('alert').filter({ hasText: 'at least one active site administrator' }).first()).toBeVisible();
  await expect(manager.getByText(/Transfer the role|Transfer the site administrator role/).first()).toBeVisible();
  await manager.reload();
  await expect(manager.getByRole('row', { name: /\(you\)/ })).toContainText('Site administrator');
  await expectAccessible(manager);
});
