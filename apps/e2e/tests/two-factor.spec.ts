import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD } from './helpers';

// A Sở Nội vụ account of its own (the demo accounts sign in without a code in the other stories).
test('a Sở Nội vụ officer turns on two-factor sign-in, then signs in with the password and a code', async ({
  page,
  request,
  browser,
}) => {
  const csrf = { 'content-type': 'application/json', 'x-cchc-csrf': '1' };
  expect(
    (await request.post('/trpc/auth.signIn', { data: { username: 'admin', password: DEMO_PASSWORD }, headers: csrf })).status(),
  ).toBe(200);
  const agencies = await request.get(`/trpc/org.search?input=${encodeURIComponent(JSON.stringify({ query: 'so noi vu' }))}`);
  const agencyId = (await agencies.json()).result.data[0].id as string;
  const username = `hai.lop.${Date.now().toString(36)}`;
  const initial = 'Hoa-sen-tim-2026';
  const password = 'Song-Hong-xanh-7';
  const created = await request.post('/trpc/users.create', {
    data: { username, displayName: 'Đỗ Văn Hai', role: 'home_affairs', agencyId, password: initial },
    headers: csrf,
  });
  expect(created.status(), await created.text()).toBe(200);
  // The first sign-in changes the admin-issued password (as the profile page would).
  await request.post('/trpc/auth.signOut', { headers: csrf });
  expect((await request.post('/trpc/auth.signIn', { data: { username, password: initial }, headers: csrf })).status()).toBe(200);
  const changed = await request.post('/trpc/auth.changePassword', {
    data: { currentPassword: initial, newPassword: password },
    headers: csrf,
  });
  expect(changed.status(), await changed.text()).toBe(200);

  const signInForm = async (p: typeof page) => {
    await p.goto('/sign-in');
    await p.getByLabel('Tên đăng nhập').fill(username);
    await p.getByLabel('Mật khẩu').fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
  };
  await signInForm(page);
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto('/profile');
  const panel = page.getByTestId('two-factor');
  await panel.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
  const secret = ((await panel.getByTestId('two-factor-secret').textContent()) ?? '').trim();
  const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  await panel.getByRole('textbox', { name: 'Mã xác thực' }).fill(app.generate());
  await panel.getByRole('button', { name: 'Xác nhận và bật' }).click();
  const codes = panel.getByTestId('recovery-codes').locator('code');
  await expect(codes).toHaveCount(10);
  const recovery = ((await codes.first().textContent()) ?? '').trim();
  await expect(panel.getByTestId('two-factor-on')).toContainText('còn 10 mã dự phòng');

  // Another browser: the password alone is not enough any more.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signInForm(other);
  await expect(other.getByTestId('sign-in-error')).toHaveText('Vui lòng nhập mã xác thực từ ứng dụng trên điện thoại.');
  const code = other.getByRole('textbox', { name: 'Mã xác thực' });
  await code.fill('000000');
  await other.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(other.getByTestId('sign-in-error')).toHaveText('Mã xác thực không đúng hoặc đã hết hạn.');
  // A recovery code stands in for the phone.
  await code.fill(recovery);
  await other.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(other.getByTestId('user-menu')).toBeVisible();
  await context.close();
});
