import { type APIRequestContext, expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, signIn } from './helpers';

// One story, in order: the clock is shared server state.
test.describe.configure({ mode: 'serial' });

const planTitle = `Kế hoạch CCHC thử nghiệm ${Date.now().toString(36)}`;
const taskTitle = 'Rà soát, đơn giản hóa thủ tục lĩnh vực hộ tịch';

/** Calls a tRPC mutation as a signed-in user (test setup the UI has no button for). */
async function trpcMutation(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/trpc/${path}`, {
    data: input,
    // The admin app's CSRF proof: the server refuses a mutation without it.
    headers: { 'content-type': 'application/json', 'x-cchc-csrf': '1' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function asAdmin(request: APIRequestContext) {
  await trpcMutation(request, 'auth.signIn', { username: 'admin', password: DEMO_PASSWORD });
}

/** Days from the server's today to a Vietnam date. */
async function daysUntil(request: APIRequestContext, date: string): Promise<number> {
  const res = await request.get('/trpc/system.clock');
  const today: string = (await res.json()).result.data.today;
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

test('a working-group member plans a task due in 10 working days across New Year and sees the right due date', async ({
  page,
}) => {
  await signIn(page, 'totongtac');
  await page.getByTestId('nav-plans').click();
  await page.getByRole('button', { name: 'Thêm kế hoạch' }).click();
  const planDialog = page.getByRole('dialog');
  await planDialog.getByLabel('Tên kế hoạch').fill(planTitle);
  await planDialog.getByLabel('Số ký hiệu').fill('215/KH-UBND');
  // A plan in force (drafts are not chased by the nightly job).
  await planDialog.getByRole('textbox', { name: 'Trạng thái' }).click();
  await page.getByRole('option', { name: 'Đang thực hiện' }).click();
  await planDialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { name: planTitle })).toBeVisible();

  await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Tên nhiệm vụ').fill(taskTitle);
  await dialog.getByRole('textbox', { name: 'Cơ quan chủ trì' }).fill('so tu phap');
  await page
    .getByRole('option', { name: /Sở Tư pháp/ })
    .first()
    .click();
  await dialog.getByText('Từ ngày bắt đầu + số ngày').click();
  // Typed as people do: dd/MM/yyyy.
  const start = dialog.getByRole('textbox', { name: 'Ngày bắt đầu' });
  await start.fill('24/12/2026');
  await start.press('Tab');
  await dialog.getByLabel('Số ngày / tháng').fill('10');
  // 25, 28, 29, 30, 31/12, then 1/1/2027 is a holiday: 4, 5, 6, 7, 8/1.
  await expect(dialog.getByTestId('due-preview')).toContainText('08/01/2027');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã tạo nhiệm vụ.')).toBeVisible();
  await page.getByTestId('plan-tasks').getByRole('link', { name: taskTitle }).click();
  await expect(page.getByTestId('task-deadline')).toHaveText('08/01/2027');
});

test('the department officer finds it under "my agency’s tasks" and reports 50% with an evidence file', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  await page.getByTestId('nav-plans').click();
  await page.getByTestId('tab-mine').click();
  await expect(page).toHaveURL(/\/tasks\?mine=1/);
  await page.getByTestId('tasks-table').getByRole('link', { name: taskTitle }).first().click();
  await page.getByLabel('Tiến độ').fill('50');
  await page.getByLabel('Kết quả thực hiện').fill('Đã rà soát 12/24 thủ tục, dự thảo phương án đơn giản hóa.');
  await page.getByTestId('evidence-input').click();
  await page.locator('input[type=file]').setInputFiles({
    name: 'Báo cáo rà soát.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% minh chứng\n'),
  });
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã ghi nhận báo cáo tiến độ.')).toBeVisible();
  await expect(page.getByTestId('task-progress')).toHaveText('50%');
  const timeline = page.getByTestId('task-timeline');
  await expect(timeline).toContainText('Đã rà soát 12/24 thủ tục');
  const download = page.waitForEvent('download');
  await timeline.getByRole('link', { name: /Báo cáo rà soát\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe('Báo cáo rà soát.pdf');
});

test('past the deadline the nightly job marks the task overdue and the officer is notified', async ({
  page,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({ baseURL });
  await asAdmin(admin);
  try {
    const offset = await daysUntil(admin, '2027-01-11');
    await trpcMutation(admin, 'system.setClockOffset', { days: offset });
    const result = await trpcMutation(admin, 'system.runTaskChasing', {});
    expect(result.result.data.overdue).toBeGreaterThanOrEqual(1);
    // Running it again sends nothing twice.
    const again = await trpcMutation(admin, 'system.runTaskChasing', {});
    expect(again.result.data.notifications).toBe(0);

    await signIn(page, 'canbo.stp');
    await page.getByTestId('bell').click();
    await expect(page.getByTestId('notification-list')).toContainText(`Nhiệm vụ quá hạn: ${taskTitle}`);
    await page.getByTestId('notification-list').getByText(`Nhiệm vụ quá hạn: ${taskTitle}`).click();
    // The task's own status, beside its title (the progress history below shows statuses too).
    const header = page.getByRole('heading', { level: 2, name: taskTitle }).locator('xpath=..');
    await expect(header.locator('[data-status]').first()).toHaveAttribute('data-status', 'overdue');
  } finally {
    await trpcMutation(admin, 'system.setClockOffset', { days: 0 });
    await admin.dispose();
  }
});

test('the exported XLSX opens and holds the task', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.goto('/tasks?q=ho%20tich');
  await expect(page.getByTestId('tasks-table')).toContainText(taskTitle);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^nhiem-vu-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const path = await file.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  const titles: string[] = [];
  sheet?.eachRow((row) => titles.push(String(row.getCell(3).value ?? '')));
  expect(titles).toContain(taskTitle);
  const row = sheet?.getRows(1, sheet.rowCount)?.find((r) => r.getCell(3).value === taskTitle);
  expect(row?.getCell(5).value).toBe('Sở Tư pháp');
  const due = row?.getCell(8).value;
  expect(due instanceof Date ? due.toISOString().slice(0, 10) : due).toBe('2027-01-08');
  expect(row?.getCell(10).value).toBe(0.5);
});
