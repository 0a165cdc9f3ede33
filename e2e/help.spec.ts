import { E2E, expect, expectAccessible, test } from './fixtures';

test('the landing page shows both journeys and a plain link to the viewer, and passes axe', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to my.CareConnect');
  const main = page.getByRole('main');
  const viewer = main.getByRole('link', { name: 'Open the CareConnect eHealth Viewer' });
  await expect(viewer).toHaveAttribute('href', E2E.viewerUrl);
  await expect(main.getByRole('heading', { name: 'How to request access' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'For a worksite' })).toBeVisible();
  await expect(main.getByText('Link it with CareConnect (about 1 minute)')).toBeVisible();
  await expect(main.getByText('Online enrolment (about 10 minutes)')).toBeVisible();
  await expectAccessible(page);

  // Reached from the header on every page.
  await page.getByRole('banner').getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(/\/help$/);
});

test('the help page answers at stable anchors, reachable by keyboard, and passes axe', async ({ page }) => {
  await page.goto('/help');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');
  await expectAccessible(page);

  // The list of questions jumps to each answer.
  await page.getByRole('link', { name: /out of sync/ }).first().focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/help#out-of-sync$/);
  const answer = page.getByRole('region', { name: /out of sync/ });
  await expect(answer).toContainText('7:30 am to 5 pm Pacific time');
  await expect(answer.getByRole('link', { name: '1-888-356-2741' })).toHaveAttribute('href', 'tel:+1-888-356-2741');
  await expect(answer.getByRole('link', { name: '604-660-2355' })).toHaveAttribute('href', 'tel:+1-604-660-2355');

  // A refusal page's link lands on its answer.
  await page.goto('/sign-in/refused');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'More about the BC Services Card and the identity check' }).click();
  await expect(page).toHaveURL(/\/help#bc-services-card$/);
  await expect(page.locator('#bc-services-card')).toBeInViewport();
});
