import { clickAndWaitForAction, expect, expectAccessible, signInAsPreset, test } from './fixtures';

// "Can I open CareConnect?": a missing step is explained with a link to fix it, and once fixed
// the dashboard says yes. The demo physician is approved and active at Harbour Medical
// Associates, but has no remote access yet.
test('a physician sees why remote access is refused, asks for it, and then can open CareConnect from home', async ({ browser }) => {
  test.setTimeout(120_000);
  const priya = await (await browser.newContext()).newPage();
  const staff = await (await browser.newContext()).newPage();
  await signInAsPreset(priya, 'Priya Physician');
  const panel = priya.getByRole('region', { name: 'Can I open CareConnect?' });
  await expect(panel).toContainText('Yes — you can open CareConnect at Harbour Medical Associates as Primary Care — Prescriber');
  await expect(panel).toContainText('No — you cannot open CareConnect at Harbour Medical Associates, from outside the worksite');
  await expectAccessible(priya);

  const fix = panel.getByRole('link', { name: /remote access/i }).first();
  await fix.click();
  await expect(priya).toHaveURL(/\/worksites\/[0-9a-f-]+\/remote-access/);
  await expectAccessible(priya);
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Ask for remote access' }));

  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/remote-access');
  await expectAccessible(staff);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Approve — Priya Physician' }));

  await priya.goto('/');
  await expect(panel).toContainText('Yes — you can open CareConnect at Harbour Medical Associates as Primary Care — Prescriber, from outside the worksite');
  await expect(panel).not.toContainText('you cannot open CareConnect');
});
