import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { E2E } from '../playwright.config';

export { expect, E2E };

// An unexpected console error in the page fails the test.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

export type NewIdentity = { givenName: string; familyName: string; birthdate: string; email: string; assurance?: 1 | 2 | 3 };

export function uniqueIdentity(prefix = 'Test'): NewIdentity {
  const n = Math.random().toString(36).slice(2, 8);
  const letters = n.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  return {
    givenName: `${prefix}`,
    familyName: `Person${letters.charAt(0).toUpperCase()}${letters.slice(1)}`,
    birthdate: '1984-05-17',
    email: `${prefix.toLowerCase()}.${n}@example.com`,
  };
}

/** Starts sign-in from the portal and completes it on the local provider as a new identity. */
export async function signInAsNew(page: Page, who: NewIdentity) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with BC Services Card' }).click();
  await page.waitForURL(`${E2E.oidcUrl}/**`);
  await page.getByLabel('Given name').fill(who.givenName);
  await page.getByLabel('Family name').fill(who.familyName);
  await page.getByLabel('Birthdate').fill(who.birthdate);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Identity assurance level').selectOption(String(who.assurance ?? 3));
  await page.getByRole('button', { name: 'Sign in as this new identity' }).click();
}

export async function signInAsPreset(page: Page, name: string) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with BC Services Card' }).click();
  await page.waitForURL(`${E2E.oidcUrl}/**`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
}

/** Clicks a button that runs a server action and waits for the action's response, so the next
 * step never races the decision (pending buttons change their name, so "gone" proves nothing). */
export async function clickAndWaitForAction(page: Page, button: ReturnType<Page['getByRole']>) {
  const done = page.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action']);
  await button.click();
  const res = await done;
  expect(res.status(), 'server action response').toBeLessThan(400);
}
