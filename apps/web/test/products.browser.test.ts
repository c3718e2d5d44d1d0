import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStack, startBrowserStack, type TestPerson } from './support/browser-stack.ts';
import { screenshotForReadme } from './support/screenshots.ts';

let stack: BrowserStack;
let creator: TestPerson;

beforeAll(async () => {
  stack = await startBrowserStack();
  creator = await stack.register('creator', 'Paz Seller');
  // Chromium's first page costs seconds on a cold start: paid here, not by the first test's timer.
  const warm = await stack.open('/sign-in');
  await warm.getByRole('heading', { name: 'Sign in' }).waitFor();
  await warm.close();
});
afterAll(async () => stack?.close());

const waitLimit = { timeout: 15_000 };

async function openCatalog(person: TestPerson): Promise<Page> {
  const page = await stack.open('/studio/products', person);
  // A missing button fails the step that wanted it, not the whole test's timer.
  page.setDefaultTimeout(waitLimit.timeout);
  await page.getByRole('heading', { name: 'Your products' }).waitFor(waitLimit);
  return page;
}

/** The new-product form (edit forms are labelled by the product they edit). */
const newProductForm = (page: Page): Locator => page.getByRole('form', { name: 'New product' });

const storedProducts = async (person: TestPerson) =>
  (await person.api.products.list({ query: { sellerId: person.user.id } })).data;

describe('the products page', () => {
  it('creates, edits and deletes a product, each change shown as the API then holds it', async () => {
    const page = await openCatalog(creator);
    await page.getByText('No products yet').waitFor(waitLimit);

    const form = newProductForm(page);
    await form.getByLabel('Name').fill('Linen shirt');
    await form.getByLabel('Price').fill('39.9');
    await form.getByLabel('Description (optional)').fill('Washed linen, relaxed fit');
    await form.getByRole('button', { name: 'Add product' }).click();
    const item = page.getByTestId('product').filter({ hasText: 'Linen shirt' });
    await item.waitFor(waitLimit);
    expect(await item.getByTestId('product-price').textContent()).toBe('39.90');
    expect(await form.getByLabel('Name').inputValue()).toBe('');
    const [created] = await storedProducts(creator);
    expect(created).toMatchObject({ name: 'Linen shirt', price: 39.9, description: 'Washed linen, relaxed fit' });

    await page.getByRole('button', { name: 'Edit Linen shirt' }).click();
    const edit = page.getByRole('form', { name: 'Edit Linen shirt' });
    await edit.getByLabel('Price').fill('42.5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => item.getByTestId('product-price').textContent(), waitLimit).toBe('42.50');
    expect((await storedProducts(creator))[0]).toMatchObject({ name: 'Linen shirt', price: 42.5 });
    await screenshotForReadme(page, 'products');

    await page.getByRole('button', { name: 'Delete Linen shirt' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No products yet').waitFor(waitLimit);
    expect(await storedProducts(creator)).toEqual([]);
  });

  it('names each refused field and sends nothing the contract refuses', async () => {
    const page = await openCatalog(creator);
    const form = newProductForm(page);
    await form.getByLabel('Name').fill('   ');
    await form.getByLabel('Price').fill('-5');
    await form.getByRole('button', { name: 'Add product' }).click();
    await form.locator('.field-error').first().waitFor(waitLimit);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Price').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field-error').count()).toBe(2);
    expect(await storedProducts(creator)).toEqual([]);

    // Editing refuses the same way: an emptied name is named, and the stored product is untouched.
    await creator.api.products.create({ body: { name: 'Canvas tote', price: 15 } });
    await page.reload();
    await page.getByRole('button', { name: 'Edit Canvas tote' }).click();
    const edit = page.getByRole('form', { name: 'Edit Canvas tote' });
    await edit.getByLabel('Name').fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.locator('.field-error').first().waitFor(waitLimit);
    expect(await edit.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect((await storedProducts(creator)).map((product) => product.name)).toEqual(['Canvas tote']);
  });

  it('lists only your own products, a page at a time', async () => {
    const seller = await stack.register('creator', 'Max Many');
    for (let index = 1; index <= 21; index++) {
      await seller.api.products.create({ body: { name: `Print no. ${index}`, price: index } });
    }
    const page = await openCatalog(seller);
    const items = page.getByTestId('product');
    await expect.poll(() => items.count(), waitLimit).toBe(20);
    // Newest first, and none of the other creator's.
    expect(await items.first().textContent()).toContain('Print no. 21');
    expect(await page.getByText('Canvas tote').count()).toBe(0);
    await page.getByText('1–20 of 21').waitFor(waitLimit);

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('21–21 of 21').waitFor(waitLimit);
    expect(await items.allTextContents()).toEqual([expect.stringContaining('Print no. 1')]);
  });

  it('says a viewer account is not allowed to sell', async () => {
    const viewer = await stack.register('user', 'Vic Viewer');
    const page = await stack.open('/studio/products', viewer);
    await page.getByText('Not allowed', { exact: true }).waitFor(waitLimit);
    expect(await newProductForm(page).count()).toBe(0);
  });
});
