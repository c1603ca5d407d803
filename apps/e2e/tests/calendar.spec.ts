import { expect, test } from '@playwright/test';
import { navLabels, signIn } from './helpers';

test('the Sở Nội vụ sees the published 2026 holiday calendar with its swapped days', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.getByTestId('nav-calendar').click();
  await page.getByRole('textbox', { name: 'Năm' }).click();
  await page.getByRole('option', { name: '2026', exact: true }).click();
  const table = page.getByTestId('calendar-days');
  await expect(table.locator('input[value="16/02/2026"]')).toBeVisible();
  await expect(table.locator('input[value="22/08/2026"]')).toBeVisible();
  await expect(table.locator('input[value="31/08/2026"]')).toBeVisible();
  // The New Year swap, with its source beside it.
  await expect(table.locator('input[value="02/01/2026"]')).toBeVisible();
  await expect(table.locator('input[value="10/01/2026"]')).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Căn cứ' })).toBeVisible();
  await expect(table.locator('input[value*="12729/VPCP-KGVX"]').first()).toBeVisible();
  await expect(page.getByText('Đã công bố').first()).toBeVisible();
});

test('a year only pre-filled from the law says so', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.getByTestId('nav-calendar').click();
  await page.getByRole('textbox', { name: 'Năm' }).click();
  await page.getByRole('option', { name: '2027', exact: true }).click();
  await expect(page.getByTestId('calendar-prefilled-warning')).toContainText('Lịch năm 2027 mới điền sẵn theo luật');
});

test('a working-group member cannot open the holiday calendar editor', async ({ page }) => {
  await signIn(page, 'totongtac');
  expect(await navLabels(page)).not.toContain('Lịch nghỉ lễ, Tết');
  await page.goto('/calendar');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
