import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'CCHC-demo-2026';

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation');
  await expect(nav.locator('a').first()).toBeVisible();
  // The labels only: "Việc của tôi" carries a count beside its label.
  return (await nav.locator('a .mantine-NavLink-label').allInnerTexts()).map((s) => s.trim());
}
