import { type APIRequestContext, expect, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// One story, in order: a session, its sheet, a correction, a conclusion, the head's view.
test.describe.configure({ mode: 'serial' });

const subject = `Đánh giá tiến độ cải cách TTHC quý IV ${Date.now().toString(36)}`;
const conclusion = 'Sở Tư pháp hoàn thành rà soát thủ tục lĩnh vực hộ tịch, chứng thực trước ngày 30/12/2026.';
let sessionUrl = '';

async function trpcMutation(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/trpc/${path}`, {
    data: input,
    // The admin app's CSRF proof: the server refuses a mutation without it.
    headers: { 'content-type': 'application/json', 'x-cchc-csrf': '1' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data;
}

test('the secretariat creates a session inviting ten departments, marks two exceptions and finalises', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.getByTestId('nav-meetings').click();
  await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nội dung phiên họp').fill(subject);
  const date = dialog.getByRole('textbox', { name: 'Ngày họp' });
  await date.fill('03/12/2026');
  await date.press('Tab');
  await dialog.getByRole('button', { name: 'Mời tất cả sở, ngành của tỉnh' }).click();
  await expect(dialog.getByText('13 cơ quan')).toBeVisible();
  // The picker shows the departments' names, never their ids.
  await expect(dialog.getByText('Sở Tư pháp', { exact: true })).toBeVisible();
  await expect(dialog.getByText('Văn phòng UBND tỉnh', { exact: true })).toBeVisible();
  await expect(dialog.getByText(/[0-9a-f]{8}-[0-9a-f]{4}-/)).toHaveCount(0);
  // Keep ten: Backspace in the picker removes the last three (Sở Y tế, Thanh tra tỉnh, Văn phòng UBND tỉnh).
  const picker = dialog.getByRole('textbox', { name: 'Cơ quan được mời' });
  await picker.click();
  for (let i = 0; i < 3; i++) await picker.press('Backspace');
  await expect(dialog.getByText('10 cơ quan')).toBeVisible();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText(/Đã tạo phiên họp thứ \d+\./)).toBeVisible();
  await expect(page.getByRole('heading', { name: new RegExp(subject) })).toBeVisible();
  sessionUrl = page.url();

  const sheet = page.getByTestId('attendance-sheet');
  await expect(sheet.locator('tbody tr')).toHaveCount(10);
  await page.getByRole('button', { name: 'Tất cả có mặt' }).click();
  // Exception 1, with the keyboard: Sở Xây dựng sent its deputy (key 2).
  await sheet.locator('tr[data-agency="Sở Xây dựng"]').focus();
  await page.keyboard.press('2');
  // Exception 2: Sở Văn hóa, Thể thao và Du lịch absent with a reason.
  await page.getByRole('textbox', { name: 'Điểm danh Sở Văn hóa, Thể thao và Du lịch' }).click();
  await page.getByRole('option', { name: '4. Vắng có lý do' }).click();
  await page.getByRole('textbox', { name: 'Lý do vắng Sở Văn hóa, Thể thao và Du lịch' }).fill('Dự hội nghị của Bộ');
  await page.getByRole('button', { name: 'Lưu điểm danh' }).click();
  await expect(page.getByText('Đã lưu điểm danh (10 thay đổi).')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Điểm danh Sở Xây dựng' })).toHaveValue('2. Có mặt — cấp phó');

  await page.getByRole('button', { name: 'Chốt bảng điểm danh' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Chốt bảng điểm danh' }).click();
  await expect(page.getByTestId('sheet-status')).toHaveText('Đã chốt điểm danh');
});

test('a correction after finalising asks for a reason and lands in the audit log', async ({ page, browser }) => {
  await signIn(page, 'totongtac');
  await page.goto(sessionUrl);
  await page.getByTestId('attendance-sheet').locator('tr[data-agency="Sở Xây dựng"]').focus();
  await page.keyboard.press('1');
  await page.getByRole('button', { name: 'Lưu điểm danh' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Bảng điểm danh đã chốt. Nêu lý do điều chỉnh')).toBeVisible();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(dialog.getByText('vui lòng nêu lý do điều chỉnh')).toBeVisible();
  await dialog.getByLabel('Lý do điều chỉnh').fill('Giám đốc Sở đến dự sau khi điểm danh');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu điểm danh (1 thay đổi).')).toBeVisible();

  const auditor = await browser.newPage();
  await signIn(auditor, 'sonoivu');
  await auditor.goto('/audit');
  const row = auditor
    .getByTestId('audit-table')
    .getByRole('row')
    .filter({ hasText: 'Điều chỉnh điểm danh sau khi chốt' })
    .first();
  await expect(row).toContainText('totongtac');
  await row.getByRole('button', { name: 'Chi tiết' }).click();
  await expect(auditor.getByTestId('audit-table')).toContainText('Giám đốc Sở đến dự sau khi điểm danh');
  await auditor.close();
});

test('a conclusion becomes a task for a department, shown with its follow-up', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  await trpcMutation(api, 'auth.signIn', { username: 'totongtac', password: DEMO_PASSWORD });
  await trpcMutation(api, 'plans.create', {
    year: 2026,
    title: 'Kế hoạch thực hiện kết luận Tổ công tác năm 2026',
    status: 'active',
  });
  await api.dispose();

  await signIn(page, 'totongtac');
  await page.goto(sessionUrl);
  await page.getByLabel('Thêm kết luận').fill(conclusion);
  await page.getByRole('button', { name: 'Thêm kết luận' }).click();
  const conclusions = page.getByTestId('conclusions');
  await expect(conclusions).toContainText(conclusion);
  await conclusions.getByRole('button', { name: 'Giao nhiệm vụ' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Kế hoạch' }).click();
  await page.getByRole('option', { name: /Kế hoạch thực hiện kết luận Tổ công tác/ }).click();
  await dialog.getByRole('textbox', { name: 'Cơ quan chủ trì' }).fill('so tu phap');
  await page
    .getByRole('option', { name: /Sở Tư pháp/ })
    .first()
    .click();
  const deadline = dialog.getByRole('textbox', { name: 'Thời hạn' });
  await deadline.fill('30/12/2026');
  await deadline.press('Tab');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã giao nhiệm vụ.')).toBeVisible();
  await expect(conclusions).toContainText('Sở Tư pháp · 30/12/2026');
  await expect(conclusions.locator('[data-status]')).toHaveText('Chưa thực hiện');
});

test("the department's head sees their attendance rate and the new task", async ({ page }) => {
  await signIn(page, 'giamdoc.stp');
  await page.getByTestId('nav-meetings').click();
  await expect(page.getByTestId('my-attendance')).toContainText('Điểm danh của Sở Tư pháp');
  // Four finalised sessions: the demo quarter's three (the second one missed) and today's: 3 of 4.
  await expect(page.getByTestId('my-attendance-rate')).toHaveText('75%');
  await expect(page.getByTestId('sessions-table')).toContainText(subject);
  await page.getByTestId('nav-plans').click();
  await page.getByTestId('tab-mine').click();
  await expect(page.getByTestId('tasks-table')).toContainText(conclusion.slice(0, 40));
});
