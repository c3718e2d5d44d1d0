import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let viewer: TestPerson;

beforeAll(async () => {
  stack = await startBrowserStack();
  viewer = await stack.register('user', 'Vera Viewer');
});
afterAll(async () => stack?.close());

describe('signing in', () => {
  it('says why a wrong password is refused, and stays on the sign-in page', async () => {
    const page = await stack.open('/sign-in');
    await page.getByLabel('Email or username').fill(viewer.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/invalid/i);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshotForReadme(page, 'sign-in-refused');
  });

  it('names the field the contract refuses before anything is sent', async () => {
    const page = await stack.open('/register');
    await page.getByLabel('Username').fill('ab');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('At least 8', { exact: false }).or(page.locator('.field-error')).first().waitFor();
    expect(await page.locator('.field-error').allTextContents()).toHaveLength(2);
  });

  it('keeps you signed in across a reload, and signing out ends the login on the API', async () => {
    const page = await stack.open('/sign-in?next=/studio');
    await page.getByLabel('Email or username').fill(viewer.username);
    await page.getByLabel('Password').fill(viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Vera Viewer');
    await page.waitForURL('**/studio');

    // Nothing but the httpOnly cookie survives a reload, and no script can read it.
    const cookies = await page.context().cookies();
    const refresh = cookies.find((cookie) => cookie.name === 'showfloor_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('showfloor_refresh');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(/eyJ/);

    await page.reload();
    await page.getByTestId('signed-in-as').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    // The refresh token the cookie held is revoked, not just forgotten by this page.
    const replay = await stack.anonymousApi.auth.refreshToken({ body: { refreshToken: refresh?.value ?? '' } }).then(
      () => 'accepted',
      (error: { status?: number }) => error.status,
    );
    expect(replay).toBe(401);
    await page.reload();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('registers with age and gender left out, and lands signed in', async () => {
    const page = await stack.open('/register');
    await page.getByLabel('Name', { exact: true }).fill('Nadia New');
    await page.getByLabel('Username').fill(`nadia_${Date.now()}`);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Nadia New');
  });
});
