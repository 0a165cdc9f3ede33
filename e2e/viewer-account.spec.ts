import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsPreset, test } from './fixtures';

// SPEC §14: Priya Physician (approved, active at Harbour Medical Associates) has a viewer username
// from her approval. She sets a new viewer password from the dashboard and the viewer's sign-in
// check accepts it with an API key the team created.
test('a person sets a viewer password and the verify API accepts it', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const staff = await (await browser.newContext()).newPage();
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/api-keys');
  await staff.getByLabel('Name').fill(`Viewer sign-in check ${Math.random().toString(36).slice(2, 8)}`);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Create key' }));
  const key = (await staff.getByTestId('new-api-key').textContent())!.trim();

  const priya = await (await browser.newContext()).newPage();
  await signInAsPreset(priya, 'Priya Physician');
  await expect(priya.getByRole('heading', { name: 'CareConnect viewer account' })).toBeVisible();
  const username = (await priya.getByTestId('dashboard-viewer-username').textContent())!.trim();
  expect(username).toMatch(/^pphysician\d*$/);
  await priya.getByRole('link', { name: /your viewer password/ }).click();
  await expect(priya).toHaveURL(/\/viewer-account$/);
  await expect(priya.getByTestId('viewer-username')).toHaveText(username);
  await expectAccessible(priya);

  // Too short: refused in the browser, announced, nothing sent.
  await priya.getByLabel('New password', { exact: true }).fill('short one');
  await priya.getByLabel('Type the new password again').fill('short one');
  await priya.getByRole('button', { name: 'Save password' }).click();
  await expect(priya.getByRole('alert').first()).toContainText('at least 12 characters');
  // Common: refused by the server, on the field.
  await priya.getByLabel('New password', { exact: true }).fill('Password2026!');
  await priya.getByLabel('Type the new password again').fill('Password2026!');
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Save password' }));
  await expect(priya.getByText('This password is on a list of common passwords').first()).toBeVisible();
  await expectAccessible(priya);

  const password = `kettle meadow ${Math.random().toString(36).slice(2, 8)}`;
  await priya.getByLabel('New password', { exact: true }).fill(password);
  await priya.getByLabel('Type the new password again').fill(password);
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Save password' }));
  await expect(priya.getByText('Your viewer password is saved')).toBeVisible();
  await expect(priya.getByTestId('viewer-state')).toHaveText('Active');

  const verify = (body: unknown) =>
    request.post(`${E2E.appUrl}/api/v1/viewer-accounts/verify`, { headers: { authorization: `Bearer ${key}` }, data: body });
  const ok = await verify({ username, password });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ result: 'ok' });
  expect(await (await verify({ username, password: `${password}!` })).json()).toEqual({ result: 'invalid' });
  expect((await request.post(`${E2E.appUrl}/api/v1/viewer-accounts/verify`, { data: { username, password } })).status()).toBe(401);
});
