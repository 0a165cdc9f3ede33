import { clickAndWaitForAction, expect, expectAccessible, signInAsPreset, test } from './fixtures';

// SPEC §15: the enrolment team publishes a new HPCAA version that requires re-acceptance; a
// physician who accepted the old one is asked on her dashboard, reads the new text and accepts
// it; the team sees the count of acceptances go up. The grace period is the longest allowed, so
// later journeys that move the clock keep their access.
test('the team publishes HPCAA v2, a physician re-accepts it and the count changes', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const staff = await (await browser.newContext()).newPage();
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin');
  await staff.getByRole('link', { name: 'Agreement versions' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Agreement versions' })).toBeVisible();
  await expectAccessible(staff);

  const wording = `Version for the browser test ${Math.random().toString(36).slice(2, 8)}`;
  await staff.getByLabel('Title').fill(wording);
  // Too short: refused in the browser, next to the field, nothing published.
  await staff.getByLabel('Text').fill('Too short.');
  await staff.getByRole('button', { name: 'Preview' }).click();
  await expect(staff.getByText('The text is too short').first()).toBeVisible();
  await expectAccessible(staff);

  await staff
    .getByLabel('Text')
    .fill(
      'What changed\nThis version adds a rule about screenshots of patient records.\n\nWhat stays the same\nEverything else in the agreement.',
    );
  await staff.getByLabel('Grace period in days').fill('365');
  await staff.getByRole('button', { name: 'Preview' }).click();
  const preview = staff.getByTestId('publish-preview');
  await expect(preview.getByRole('heading', { name: wording })).toBeVisible();
  await expect(
    preview.getByText('This version adds a rule about screenshots of patient records.'),
  ).toBeVisible();
  await expectAccessible(staff);
  const publish = preview.getByRole('button', { name: /^Publish version \d+$/ });
  const version = Number((await publish.textContent())!.match(/\d+/)![0]);
  await clickAndWaitForAction(staff, publish);
  await expect(
    staff.getByText(`Version ${version} of the Access agreement (HPCAA) is published.`),
  ).toBeVisible();
  const count = staff.getByTestId(`accepted-v${version}`);
  await expect(count).toHaveText(/^0 of \d+ people$/);
  const must = Number((await count.textContent())!.match(/of (\d+)/)![1]);
  expect(must).toBeGreaterThan(0);

  // Priya accepted the earlier version: her dashboard asks her, and she still has access.
  const priya = await (await browser.newContext()).newPage();
  await signInAsPreset(priya, 'Priya Physician');
  const notice = priya.getByTestId('agreement-notice');
  await expect(notice).toContainText('A new version of the access agreement took effect on');
  await expect(notice).toContainText('to keep access');
  await expectAccessible(priya);
  await notice.getByRole('link', { name: 'Read and accept the new version' }).click();
  await expect(priya).toHaveURL(/\/agreement$/);
  await expect(priya.getByRole('heading', { level: 1, name: wording })).toBeVisible();
  await expect(
    priya.getByText('This version adds a rule about screenshots of patient records.'),
  ).toBeVisible();
  await expectAccessible(priya);

  // A wrong name is refused next to the field; her own name is accepted.
  await priya
    .getByRole('checkbox', {
      name: `I have read and agree to the ${wording} (version ${version}).`,
    })
    .check();
  await priya.getByLabel('Type your full name').fill('Someone Else');
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Accept the agreement' }));
  await expect(
    priya.getByText('Type your full name as it appears on this page').first(),
  ).toBeVisible();
  await priya.getByLabel('Type your full name').fill('Priya Physician');
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Accept the agreement' }));
  await expect(
    priya.getByText(/Your acceptance is recorded|You accepted version/).first(),
  ).toBeVisible();
  await priya.goto('/');
  await expect(priya.getByRole('heading', { level: 1, name: /Welcome/ })).toBeVisible();
  await expect(priya.getByTestId('agreement-notice')).toHaveCount(0);
  await expectAccessible(priya);

  await staff.reload();
  await expect(staff.getByTestId(`accepted-v${version}`)).toHaveText(`1 of ${must} people`);
});
