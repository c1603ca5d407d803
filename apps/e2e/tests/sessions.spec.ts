import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('my sessions: a second device is listed, and ending its session signs it out there', async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext({
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  });
  const here = await laptop.newPage();
  const there = await phone.newPage();
  await signIn(there, 'giamdoc.stp');
  await signIn(here, 'giamdoc.stp');

  await here.goto('/profile');
  const panel = here.getByTestId('my-sessions');
  await expect(panel.getByRole('heading', { name: 'Phiên đăng nhập của tôi' })).toBeVisible();
  const phoneRow = panel.getByTestId('session-row').filter({ hasText: 'Chrome · Android' });
  await expect(phoneRow).toHaveCount(1);
  await expect(panel.getByTestId('session-row').filter({ hasText: 'Phiên này' })).toHaveCount(1);

  // Other tests may be signed in as the same user meanwhile: only the phone's session is ended here
  // ("sign out everywhere else" is held by apps/server/src/sessions.test.ts).
  await expect(panel.getByRole('button', { name: 'Đăng xuất khỏi mọi nơi khác' })).toBeEnabled();
  await phoneRow.getByRole('button', { name: 'Kết thúc phiên' }).click();
  await expect(here.getByText('Đã kết thúc phiên đăng nhập.')).toBeVisible();
  await expect(phoneRow).toHaveCount(0);
  await expect(panel.getByTestId('session-row').filter({ hasText: 'Phiên này' })).toHaveCount(1);

  // The phone's next request finds no session: it is back on the sign-in page.
  await there.reload();
  await expect(there).toHaveURL(/\/sign-in/);
  await laptop.close();
  await phone.close();
});
