import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('a working-group member renames a task group, and deletes an empty one after confirming', async ({ page }) => {
  const planTitle = `Kế hoạch sắp xếp nhóm ${Date.now().toString(36)}`;
  await signIn(page, 'totongtac');
  await page.getByTestId('nav-plans').click();
  await page.getByRole('button', { name: 'Thêm kế hoạch' }).click();
  const planDialog = page.getByRole('dialog');
  await planDialog.getByLabel('Tên kế hoạch').fill(planTitle);
  await planDialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { name: planTitle })).toBeVisible();

  for (const title of ['Cải cách thể chế', 'Nhóm tạo nhầm']) {
    await page.getByRole('button', { name: 'Thêm nhóm' }).click();
    await page.getByRole('dialog').getByLabel('Tên nhóm').fill(title);
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect(page.getByText(title, { exact: true })).toBeVisible();
  }

  await page.getByRole('button', { name: 'Sửa: Cải cách thể chế' }).click();
  const edit = page.getByRole('dialog');
  await expect(edit.getByLabel('Tên nhóm')).toHaveValue('Cải cách thể chế');
  await edit.getByLabel('Tên nhóm').fill('Cải cách thể chế, chính sách');
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Cải cách thể chế, chính sách', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Xóa: Nhóm tạo nhầm' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xóa' }).click();
  await expect(page.getByText('Nhóm tạo nhầm', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Cải cách thể chế, chính sách', { exact: true })).toBeVisible();
});
