import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// One story, in order: a task is assigned, the officer is told, finds it in "Việc của tôi", reports on it.
test.describe.configure({ mode: 'serial' });

const title = `Công khai kết quả giải quyết hồ sơ ${Date.now().toString(36)}`;
const phoneTitle = `Rà soát quy trình nội bộ trên điện thoại ${Date.now().toString(36)}`;

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/trpc/${path}`, {
    data: input,
    headers: { 'content-type': 'application/json', 'x-cchc-csrf': '1' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data;
}

async function query(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data;
}

/** The working group gives the Sở Tư pháp a task due in two weeks (test setup through the API the form uses). */
async function assignTask(request: APIRequestContext, taskTitle: string) {
  await trpc(request, 'auth.signIn', { username: 'totongtac', password: DEMO_PASSWORD });
  const today: string = (await query(request, 'system.clock', undefined)).today;
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const [stp] = await query(request, 'org.search', { query: 'Sở Tư pháp', kinds: ['department'], limit: 1 });
  const plan = await trpc(request, 'plans.create', {
    year: Number(today.slice(0, 4)),
    title: `Kế hoạch ${taskTitle}`,
    status: 'active',
  });
  return trpc(request, 'plans.createTask', { planId: plan.id, title: taskTitle, leadAgencyId: stp.id, deadline: due });
}

async function report(page: Page, progress: string, note: string) {
  await page.getByLabel('Tiến độ').fill(progress);
  await page.getByLabel('Kết quả thực hiện').fill(note);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
}

test('an officer is told of a new task, opens it from "Việc của tôi" and reports progress that stays on the form', async ({
  page,
  playwright,
  baseURL,
}) => {
  const api = await playwright.request.newContext({ baseURL });
  await assignTask(api, title);
  await api.dispose();

  await signIn(page, 'canbo.stp');
  // Officers land on their own work, the count beside it in the menu.
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByTestId('my-work-count')).toBeVisible();
  await page.getByTestId('bell').click();
  await expect(page.getByTestId('notification-list')).toContainText(`Nhiệm vụ mới: ${title}`);
  await page.keyboard.press('Escape');
  const item = page.getByTestId('work-tasks').getByTestId('work-item').filter({ hasText: title });
  await expect(item).toContainText('Chủ trì');
  await expect(item).toContainText(/Còn \d+ ngày làm việc/);
  await item.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  await report(page, '70', 'Đã công khai 7/10 nhóm thủ tục trên Cổng.');
  await expect(page.getByText('Đã ghi nhận báo cáo tiến độ.')).toBeVisible();
  await expect(page.getByTestId('task-progress')).toHaveText('70%');
  // The form starts from what was saved, so a second note does not set the task back.
  await expect(page.getByLabel('Tiến độ')).toHaveValue('70%');
  await page.getByLabel('Kết quả thực hiện').fill('Bổ sung ảnh chụp màn hình Cổng.');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByTestId('task-timeline').getByText(/· 70%/)).toHaveCount(2);
  await expect(page.getByTestId('task-progress')).toHaveText('70%');
});

test('progress above 100% and an impossible date are refused with a message, never changed', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  await page.getByTestId('work-tasks').getByRole('link', { name: title }).click();
  await report(page, '150', 'Vượt kế hoạch.');
  await expect(page.getByText('Tiến độ không được lớn hơn 100%.')).toBeVisible();
  await expect(page.getByLabel('Tiến độ')).toHaveValue('150%');
  const date = page.getByRole('textbox', { name: 'Ngày báo cáo' });
  await date.fill('31/02/2026');
  await date.press('Tab');
  await expect(page.getByText('"31/02/2026" không phải là một ngày có thật')).toBeVisible();
  await expect(date).toHaveValue('31/02/2026');
  await expect(page.getByTestId('task-progress')).toHaveText('70%');
});

test('lowering a finished task asks for a reason and says what it does, then reopens it', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  await page.getByTestId('work-tasks').getByRole('link', { name: title }).click();
  await report(page, '100', 'Đã hoàn thành toàn bộ.');
  await expect(page.locator('[data-status="done_on_time"]')).toBeVisible();
  await report(page, '60', 'Phát hiện còn thiếu 4 nhóm thủ tục.');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('reopen-warning')).toContainText('Hoàn thành đúng hạn');
  await expect(dialog.getByTestId('reopen-warning')).toContainText('"Đang thực hiện"');
  await expect(dialog.getByTestId('reopen-warning')).toContainText('ngày hoàn thành bị xóa');
  const confirm = dialog.getByRole('button', { name: 'Mở lại và lưu tiến độ' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Lý do mở lại').fill('Sở Nội vụ yêu cầu bổ sung 4 nhóm thủ tục');
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('task-progress')).toHaveText('60%');
  await expect(page.locator('[data-status="in_progress"]')).toBeVisible();
});

test('the audit log tells the reopening in Vietnamese: action, object and each changed field, not raw keys', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.goto('/audit');
  // Found by its Vietnamese name in the action filter.
  await page.getByRole('textbox', { name: 'Hành động' }).click();
  await page.getByRole('option', { name: 'Mở lại nhiệm vụ đã hoàn thành (hạ tiến độ)' }).click();
  const row = page.getByTestId('audit-table').getByRole('row').filter({ hasText: 'Mở lại nhiệm vụ đã hoàn thành' }).first();
  await expect(row).toContainText('canbo.stp');
  await expect(row).toContainText('Nhiệm vụ');
  await row.getByRole('button', { name: 'Chi tiết' }).click();
  const changes = page.getByTestId('audit-changes').first();
  await expect(changes.locator('tr[data-changed="yes"]').filter({ hasText: 'Tiến độ (%)' })).toContainText('100');
  await expect(changes.locator('tr[data-changed="yes"]').filter({ hasText: 'Tiến độ (%)' })).toContainText('60');
  await expect(changes.getByRole('row').filter({ hasText: 'Lý do' })).toContainText('Sở Nội vụ yêu cầu bổ sung 4 nhóm thủ tục');
  await expect(changes).not.toContainText('completedOn');
});

test.describe('on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('an officer opens a task from the task list: the title is readable and the header fits', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const api = await playwright.request.newContext({ baseURL });
    await assignTask(api, phoneTitle);
    await api.dispose();

    await signIn(page, 'canbo.stp');
    // The header fits the screen: the account menu is inside it.
    const menu = await page.getByTestId('user-menu').boundingBox();
    expect(menu && menu.x + menu.width).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'menu' }).click();
    await page.getByTestId('nav-plans').click();
    await page.getByTestId('tab-mine').click();
    await page.getByRole('textbox', { name: 'Tìm kiếm' }).fill(phoneTitle);
    // The search has run once the list holds this one task (rows are reused as results arrive: a row tapped
    // before that may change under the finger).
    await expect(page.getByTestId('tasks-table').getByRole('row')).toHaveCount(1);
    await expect(page.getByTestId('tasks-table')).not.toHaveAttribute('aria-busy', 'true');
    const link = page.getByTestId('tasks-table').getByRole('link', { name: phoneTitle });
    await expect(link).toBeVisible();
    // The title column is readable, and the table scrolls inside its frame rather than past the screen.
    const box = await link.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(120);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await link.tap();
    await expect(page.getByRole('heading', { name: phoneTitle })).toBeVisible();
    await expect(page.getByLabel('Tiến độ')).toBeVisible();
  });
});
