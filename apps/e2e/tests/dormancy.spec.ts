import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signIn } from './helpers';

// The demo seed's catalogue and filings: about 2,000 procedures without filings for 36 months.
test('the dormant list shows its true total a page at a time, exports every row and assigns ticked procedures at once', async ({
  page,
}) => {
  // A long walk: two pages, an export of every row (about 2,000) read back, a bulk assignment.
  test.setTimeout(120_000);
  await signIn(page, 'sonoivu');
  await page.goto('/procedures?tab=dormant');
  const total = page.getByTestId('dormant-total');
  // The first page, with the total (a busy test machine may take a while to answer).
  await expect(total).toContainText(/^\d\.\d{3} thủ tục không phát sinh hồ sơ — đang xem 1–100$/, { timeout: 30_000 });
  const count = Number(((await total.textContent()) ?? '').split(' ')[0]?.replace('.', ''));
  expect(count).toBeGreaterThan(500);
  await expect(page.getByTestId('dormant-table').locator('tbody tr')).toHaveCount(100);
  // The last page is there too: nothing stops at 500.
  const pages = page.getByTestId('dormant-pages');
  await pages.getByRole('button', { name: String(Math.ceil(count / 100)) }).click();
  await expect(total).toContainText(`đang xem ${(Math.floor((count - 1) / 100) * 100 + 1).toLocaleString('vi-VN')}–`);

  const download = page.waitForEvent('download');
  await page.getByTestId('dormant-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^thu-tuc-khong-phat-sinh-ho-so-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  const codes: string[] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    const code = String(row.getCell(2).value ?? '');
    if (/^\d+\.\d+$/.test(code)) codes.push(code);
  });
  expect(codes).toHaveLength(count);

  // Two procedures of the first page, ticked and given to the Sở Xây dựng in one go.
  await pages.getByRole('button', { name: '1', exact: true }).click();
  const rows = page.getByTestId('dormant-table').locator('tbody tr');
  const picked = [
    (await rows.nth(0).locator('td').nth(1).textContent()) ?? '',
    (await rows.nth(1).locator('td').nth(1).textContent()) ?? '',
  ];
  await page.getByRole('checkbox', { name: `Chọn thủ tục ${picked[0]}` }).check();
  await page.getByRole('checkbox', { name: `Chọn thủ tục ${picked[1]}` }).check();
  await expect(page.getByTestId('dormant-selection')).toContainText('Đã chọn 2 thủ tục');
  await page.getByRole('button', { name: 'Giao rà soát 2 thủ tục' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(picked.join(', '));
  await dialog.getByRole('textbox', { name: 'Cơ quan rà soát' }).fill('so xay dung');
  await page
    .getByRole('option', { name: /Sở Xây dựng/ })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(/Đã giao rà soát \d thủ tục/)).toBeVisible();
  await page.goto('/procedures?tab=reviews');
  for (const code of picked) {
    await expect(
      page.getByTestId('reviews-table').getByRole('row').filter({ hasText: code }).filter({ hasText: 'Sở Xây dựng' }).first(),
    ).toBeVisible();
  }
});
