import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, navLabels, signIn } from './helpers';

test('a wrong password shows the Vietnamese error and keeps the user on the sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Tên đăng nhập').fill('totongtac');
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau-1');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('empty fields get Vietnamese field errors without a request', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText('Vui lòng nhập tên đăng nhập.')).toBeVisible();
  await expect(page.getByText('Vui lòng nhập mật khẩu.')).toBeVisible();
});

const EXPECTED_NAV: Record<string, string[]> = {
  admin: [
    'Tổng quan',
    'Kế hoạch & nhiệm vụ',
    'Phiên họp & điểm danh',
    'Thủ tục hành chính',
    'Phản ánh, kiến nghị',
    'Điểm tuân thủ',
    'Báo cáo định kỳ',
    'Cơ quan, đơn vị',
    'Lịch nghỉ lễ, Tết',
    'Người dùng',
    'Nhật ký hệ thống',
    'Kết nối & công khai',
  ],
  sonoivu: [
    'Việc của tôi',
    'Tổng quan',
    'Kế hoạch & nhiệm vụ',
    'Phiên họp & điểm danh',
    'Thủ tục hành chính',
    'Phản ánh, kiến nghị',
    'Điểm tuân thủ',
    'Báo cáo định kỳ',
    'Cơ quan, đơn vị',
    'Lịch nghỉ lễ, Tết',
    'Nhật ký hệ thống',
  ],
  totongtac: [
    'Việc của tôi',
    'Tổng quan',
    'Kế hoạch & nhiệm vụ',
    'Phiên họp & điểm danh',
    'Thủ tục hành chính',
    'Phản ánh, kiến nghị',
    'Điểm tuân thủ',
    'Báo cáo định kỳ',
    'Cơ quan, đơn vị',
  ],
  'giamdoc.stp': [
    'Việc của tôi',
    'Điểm tuân thủ',
    'Kế hoạch & nhiệm vụ',
    'Phiên họp & điểm danh',
    'Phản ánh, kiến nghị',
    'Báo cáo định kỳ',
    'Cơ quan, đơn vị',
  ],
  'canbo.stp': [
    'Việc của tôi',
    'Kế hoạch & nhiệm vụ',
    'Phiên họp & điểm danh',
    'Thủ tục hành chính',
    'Phản ánh, kiến nghị',
    'Báo cáo định kỳ',
    'Cơ quan, đơn vị',
  ],
};

for (const [username, expected] of Object.entries(EXPECTED_NAV)) {
  test(`${username} signs in and sees the navigation of their role`, async ({ page }) => {
    await signIn(page, username);
    expect(await navLabels(page)).toEqual(expected);
  });
}

test('an agency head lands on the work waiting for the agency, and finds the scorecard in the menu', async ({ page }) => {
  await signIn(page, 'giamdoc.stp');
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByRole('heading', { name: 'Việc của tôi' })).toBeVisible();
  await page.getByTestId('nav-scores').click();
  await expect(page.getByRole('heading', { name: /Điểm CCHC của cơ quan — Sở Tư pháp/ })).toBeVisible();
});

test('an agency officer cannot open user management, from the menu or by URL', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  expect(await navLabels(page)).not.toContain('Người dùng');
  await page.goto('/users');
  await expect(page.getByTestId('forbidden')).toContainText('Bạn không có quyền truy cập trang này.');
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  // The server refuses the data too, not only the screen.
  const status = await page.evaluate(async () => {
    const res = await fetch('/trpc/users.list?input=%7B%7D');
    return res.status;
  });
  expect(status).toBe(403);
});

test('signing out returns to the sign-in page and protects pages again', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit/);
});

test('the interface switches to English and back', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByRole('navigation').getByText('Audit log')).toBeVisible();
  await page.getByText('VI', { exact: true }).click();
  await expect(page.getByRole('navigation').getByText('Nhật ký hệ thống')).toBeVisible();
});

test('an unknown address shows the 404 page', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.goto('/khong-ton-tai');
  await expect(page.getByTestId('not-found')).toContainText('Không tìm thấy trang bạn yêu cầu.');
});

test('a user with an admin-issued password must change it first: the server refuses everything else, the app loads under its CSP', async ({
  page,
  request,
}) => {
  // The admin creates the account over the API (the admin screen has its own test), as the app would.
  const csrf = { 'content-type': 'application/json', 'x-cchc-csrf': '1' };
  expect(
    (await request.post('/trpc/auth.signIn', { data: { username: 'admin', password: DEMO_PASSWORD }, headers: csrf })).status(),
  ).toBe(200);
  const agencies = await request.get(`/trpc/org.search?input=${encodeURIComponent(JSON.stringify({ query: 'so tu phap' }))}`);
  const agencyId = (await agencies.json()).result.data[0].id as string;
  const username = `moi.${Date.now().toString(36)}`;
  const initial = 'Hoa-sen-tim-2026';
  const created = await request.post('/trpc/users.create', {
    data: { username, displayName: 'Lê Thị Mới', role: 'agency_officer', agencyId, password: initial },
    headers: csrf,
  });
  expect(created.status(), await created.text()).toBe(200);

  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  await signIn(page, username, initial);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('must-change-password')).toBeVisible();
  // The server itself refuses the data, not only the screen.
  const status = await page.evaluate(async () => (await fetch('/trpc/plans.list?input=%7B%7D')).status);
  expect(status).toBe(403);

  await page.getByLabel('Mật khẩu hiện tại').fill(initial);
  await page.getByLabel('Mật khẩu mới').fill('Password1234');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(/Mật khẩu quá dễ đoán/)).toBeVisible();
  await page.getByLabel('Mật khẩu mới').fill('Song-Hong-xanh-7');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.')).toBeVisible();
  await expect(page.getByTestId('must-change-password')).toHaveCount(0);
  expect(await page.evaluate(async () => (await fetch('/trpc/plans.list?input=%7B%7D')).status)).toBe(200);
  expect(errors).toEqual([]);
});
