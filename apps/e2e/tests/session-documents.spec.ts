import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('the secretariat attaches the minutes to a session; an invited department downloads them', async ({ page }) => {
  const name = `bien-ban-${Date.now().toString(36)}.pdf`;
  await signIn(page, 'totongtac');
  await page.getByTestId('nav-meetings').click();
  await page
    .getByTestId('sessions-table')
    .getByRole('link', { name: /Phiên họp thứ 1 của Tổ công tác \(minh họa\)/ })
    .click();
  const documents = page.getByTestId('session-documents');
  await expect(documents).toContainText('Chưa có tài liệu.');
  await documents
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 biên bản phiên họp') });
  await documents.getByRole('button', { name: 'Đính kèm' }).click();
  await expect(documents.getByRole('link', { name })).toBeVisible();
  const url = page.url();

  await page.context().clearCookies();
  await signIn(page, 'canbo.stp');
  await page.goto(url);
  const download = page.waitForEvent('download');
  await page.getByTestId('session-documents').getByRole('link', { name }).click();
  expect((await download).suggestedFilename()).toBe(name);
});
