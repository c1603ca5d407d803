import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// Runs after the main project (playwright.config.ts): the scores story has computed a quarter by then.
// Alone (`pnpm --filter @cchc/e2e e2e --no-deps tests/public.spec.ts`), it computes one itself first.

test('signed out, a citizen finds a published answer and downloads the rankings as CSV', async ({ page, browser }) => {
  const results = await page.request.get('/cong-khai/ket-qua');
  if ((await results.text()).includes('Chưa có kết quả chấm điểm được công khai.')) {
    const staff = await browser.newPage();
    await signIn(staff, 'sonoivu');
    await staff.goto('/scores?tab=runs');
    await staff.getByRole('button', { name: 'Tính điểm', exact: true }).click();
    await expect(staff.getByTestId('run-progress')).toContainText('Hoàn tất', { timeout: 60_000 });
    await staff.close();
  }

  await page.goto('/cong-khai');
  await expect(page.getByRole('heading', { level: 1, name: 'Trang công khai' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Trả lời phản ánh, kiến nghị' }).click();
  await expect(page.getByRole('status')).toContainText(/Tìm thấy [\d.]+ câu trả lời\./);
  await page.getByLabel('Lĩnh vực').selectOption('Hộ tịch');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/field=H%E1%BB%99\+t%E1%BB%8Bch|field=H%E1%BB%99%20t%E1%BB%8Bch/);
  const first = page.getByRole('article').first();
  await expect(first).toContainText('Lĩnh vực: Hộ tịch');
  await first.getByRole('heading', { level: 2 }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 3, name: 'Trả lời' })).toBeVisible();
  await expect(page.locator('.answer')).not.toBeEmpty();
  // No submitter's phone number on a public page.
  expect(await page.locator('main').innerText()).not.toMatch(/09\d{8}/);

  await page.getByRole('navigation').getByRole('link', { name: 'Kết quả chấm điểm các cơ quan' }).click();
  await expect(page.getByText(/Số liệu tính đến: \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Sở Tư pháp');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ket-qua-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  expect(csv.split('\r\n')[0]).toBe(
    'xep_hang,ma_co_quan,co_quan,nhom,diem,xep_loai,ty_le_pakn_dung_han,ky_tu,ky_den,so_lieu_tinh_den',
  );
  expect(csv).toContain('33.STP');
});

test('signed out, a citizen challenges a procedure under review; the reviewing agency finds it with its deadline', async ({
  page,
  browser,
}) => {
  await page.goto('/cong-khai/ra-soat-thu-tuc');
  await expect(page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính đang rà soát' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Sở Tư pháp' }).filter({ hasText: 'Góp ý về thủ tục này' }).first();
  const code = (await row.locator('strong').first().innerText()).trim();
  await row.getByRole('link', { name: 'Góp ý về thủ tục này' }).click();
  await page.getByLabel('Thủ tục này có thể đơn giản hóa').check();
  const reason = `Hồ sơ đòi bản sao giấy tờ đã có trên cơ sở dữ liệu quốc gia (${Date.now()}).`;
  await page.getByLabel('Lý do, đề xuất cụ thể').fill(reason);
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  const received = page.getByRole('status');
  await expect(received).toContainText(/Đã nhận ý kiến số \d+\. Cơ quan rà soát trả lời trước ngày (\d{2}\/\d{2}\/\d{4})/);
  const due = /trước ngày (\d{2}\/\d{2}\/\d{4})/.exec(await received.innerText())?.[1] as string;

  const officer = await browser.newPage();
  await signIn(officer, 'canbo.stp');
  await officer.goto('/challenges');
  const mine = officer.getByTestId('challenges-table').getByRole('row').filter({ hasText: reason });
  await expect(mine).toContainText(code);
  await expect(mine.getByTestId('challenge-due')).toContainText(due);
  await officer.close();
});

test('the admin issues an API key, sees it once, and revokes it', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('navigation').getByText('Kết nối & công khai').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Kết nối hệ thống & công khai dữ liệu' })).toBeVisible();
  const name = `Cổng DVC thử ${Date.now()}`;
  await page.getByLabel('Tên hệ thống').fill(name);
  await page.getByLabel(/^feedback:submit/).check();
  await page.getByRole('button', { name: 'Cấp khóa' }).click();
  const shown = page.getByTestId('issued-api-key');
  await expect(shown).toHaveText(/^cchc_[\w-]{43}$/);
  const key = (await shown.innerText()).trim();
  await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 13));
  await expect(page.getByText(key)).toHaveCount(0);

  // The key works for Open311 until it is revoked.
  const ok = await page.request.get(`/open311/v2/requests.json?api_key=${key}`);
  expect(ok.status()).toBe(200);
  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Thu hồi' }).click();
  await expect(row).toContainText('Đã thu hồi');
  const refused = await page.request.get(`/open311/v2/requests.json?api_key=${key}`);
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual([{ code: 401, description: 'Khóa API không hợp lệ hoặc đã bị thu hồi.' }]);
});
