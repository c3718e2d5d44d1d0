import type { Page } from 'playwright-core';
import type { BrowserStack, TestPerson } from './browser-stack.ts';

/*
 * How the browser tests read what a page shows: a chart through its data table (the accessible
 * version beside each canvas), a figure by its label, and a page opened still for a screenshot.
 */

/** The rows of a chart's data table: each label (its exact date where it has one) and its values; an empty cell is null. */
export async function chartRows(page: Page, title: string) {
  const table = page.getByRole('table', { name: title });
  await table.waitFor({ state: 'attached' });
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      at: row.querySelector('time')?.getAttribute('datetime') ?? row.querySelector('th')?.textContent ?? '',
      values: [...row.querySelectorAll('td')].map((cell) =>
        cell.textContent === '' ? null : Number(cell.textContent),
      ),
    })),
  );
}

/** A chart data table's column headings. */
export function chartHeadings(page: Page, title: string) {
  return page.getByRole('table', { name: title }).locator('thead th').allTextContents();
}

/** A figure's value by its label, inside the `<dl>` marked `testId`. */
export function statFigure(page: Page, testId: string, label: string) {
  return page
    .getByTestId(testId)
    .locator('.stat')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd')
    .textContent();
}

/**
 * A page for a README screenshot: reduced motion, so Chart.js draws at once instead of animating
 * and the picture never catches a chart half-grown.
 */
export async function openStill(stack: BrowserStack, path: string, person: TestPerson): Promise<Page> {
  const page = await (await stack.newContext(person)).newPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(path);
  return page;
}
