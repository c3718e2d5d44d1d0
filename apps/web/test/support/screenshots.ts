import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const folder = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/**
 * The README's pictures, taken by the test run on the page as the test left it. Written only when
 * UPDATE_SCREENSHOTS=1, so an ordinary run leaves the committed images alone.
 */
export async function screenshotForReadme(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: `${folder}${name}.png`, fullPage: false });
}
