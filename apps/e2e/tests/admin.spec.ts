import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an admin finds Đà Nẵng by typing "da nang"', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByTestId('nav-agencies').click();
  await page.getByTestId('agency-search').fill('da nang');
  const results = page.getByTestId('agency-results');
  await expect(results.getByRole('option').first()).toContainText('Thành phố Đà Nẵng');
  await results.getByRole('option').first().click();
  await expect(page.getByTestId('agency-detail')).toContainText('48');
});

test('an admin creates a user and sees the action in the audit log', async ({ page }) => {
  const username = `nv.${Date.now().toString(36)}`;
  await signIn(page, 'admin');
  await page.getByTestId('nav-users').click();
  await page.getByRole('button', { name: 'Thêm người dùng' }).click();
  const dialog = page.getByRole('dialog');
  // Invalid input first: Vietnamese field errors, nothing saved.
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(dialog.getByText('Tên đăng nhập cần ít nhất 3 ký tự.')).toBeVisible();
  await expect(dialog.getByText('Vui lòng chọn cơ quan.')).toBeVisible();

  await dialog.getByLabel('Tên đăng nhập').fill(username);
  await dialog.getByLabel('Họ và tên').fill('Đỗ Thị Mai');
  await dialog.getByLabel('Email').fill('mai@example.vn');
  await dialog.getByRole('textbox', { name: 'Vai trò' }).click();
  await page.getByRole('option', { name: 'Cán bộ đầu mối CCHC' }).click();
  await dialog.getByRole('textbox', { name: 'Cơ quan' }).fill('so noi vu');
  await page
    .getByRole('option', { name: /Sở Nội vụ/ })
    .first()
    .click();
  await dialog.getByLabel('Mật khẩu ban đầu').fill('Hoa-sen-tim-2026');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(`Đã tạo người dùng ${username}.`)).toBeVisible();
  await expect(page.getByTestId('users-table')).toContainText(username);

  await page.getByTestId('nav-audit').click();
  const table = page.getByTestId('audit-table');
  const row = table.getByRole('row').filter({ hasText: 'Tạo người dùng' }).filter({ hasText: 'admin' }).first();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Chi tiết' }).click();
  await expect(table).toContainText(username);
  await expect(table).not.toContainText('passwordHash');
});
