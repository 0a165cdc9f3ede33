import { writeFileSync } from 'node:fs';
import { e2eClockFile } from '../dev/e2e-clock-file';
import { clickAndWaitForAction, E2E, expect, expectAccessible, signInAsPreset, test } from './fixtures';

// SPEC §14: a viewer password lasts 90 days (the e2e server's default). The person sets one, the
// viewer's sign-in check accepts it, and 90 days later (the server's clock moved, see
// dev/e2e-clock.cjs) the same check answers `expired`.
const DAY = 86_400_000;
const clockFile = e2eClockFile(Number(new URL(E2E.appUrl).port));
const moveServerClock = (ms: number) => writeFileSync(clockFile, String(ms));

test.afterEach(() => moveServerClock(0));

test('a viewer password is accepted, then reported expired after 90 days', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const staff = await (await browser.newContext()).newPage();
  await signInAsPreset(staff, 'Tessa Teamlead');
  await staff.goto('/admin/api-keys');
  await staff.getByLabel('Name').fill(`Viewer expiry check ${Math.random().toString(36).slice(2, 8)}`);
  await clickAndWaitForAction(staff, staff.getByRole('button', { name: 'Create key' }));
  const key = (await staff.getByTestId('new-api-key').textContent())!.trim();

  const priya = await (await browser.newContext()).newPage();
  await signInAsPreset(priya, 'Priya Physician');
  await priya.goto('/viewer-account');
  const username = (await priya.getByTestId('viewer-username').textContent())!.trim();
  const password = `copper harbour ${Math.random().toString(36).slice(2, 8)}`;
  await priya.getByLabel('New password', { exact: true }).fill(password);
  await priya.getByLabel('Type the new password again').fill(password);
  await clickAndWaitForAction(priya, priya.getByRole('button', { name: 'Save password' }));
  await expect(priya.getByText('Your viewer password is saved')).toBeVisible();
  await expectAccessible(priya);

  const verify = async () => {
    const res = await request.post(`${E2E.appUrl}/api/v1/viewer-accounts/verify`, { headers: { authorization: `Bearer ${key}` }, data: { username, password } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { result: string }).result;
  };
  expect(await verify()).toBe('ok');

  moveServerClock(89 * DAY);
  expect(await verify()).toBe('ok');
  moveServerClock(90 * DAY + 60_000);
  await expect.poll(verify, { timeout: 5_000 }).toBe('expired');
});
