import { expect, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

// One story, in order: an agency submits its Q3 narrative; the Sở Nội vụ generates the province's Q3 report and downloads it.
test.describe.configure({ mode: 'serial' });

/** The last closed third quarter (Nghị định 09: 15/6 → 14/9) as of today in Vietnam. */
function q3Key(): string {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  return `${today >= `${year}-09-15` ? year : year - 1}-q3`;
}

async function regimeId(page: Page, code: string): Promise<string> {
  const res = await page.request.get('/trpc/reports.regimes');
  const body = (await res.json()) as { result: { data: { id: string; code: string }[] } };
  const regime = body.result.data.find((r) => r.code === code);
  if (!regime) throw new Error(`${code} regime not seeded`);
  return regime.id;
}

const cchcRegimeId = (page: Page) => regimeId(page, 'CCHC');

const NARRATIVE = 'Sở Tư pháp đã rà soát 12 thủ tục hành chính, đề xuất đơn giản hóa 3 thủ tục về hộ tịch và chứng thực.';

test('the Sở Tư pháp writes and submits its Q3 narrative', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  const regimeId = await cchcRegimeId(page);
  await page.goto(`/reports/${regimeId}/${q3Key()}/submission`);
  await expect(page.getByTestId('submission-status')).toHaveText('Đang soạn');
  // The agency's figures are filled in for it.
  await expect(page.getByTestId('submission-figures')).toContainText('Nhiệm vụ hoàn thành đúng hạn');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(page.getByText('Vui lòng nhập nội dung ít nhất một mục trước khi gửi.')).toBeVisible();
  await page.getByLabel('1. Kết quả thực hiện nhiệm vụ cải cách hành chính').fill(NARRATIVE);
  await page.getByLabel('2. Tồn tại, hạn chế').fill('Một số hồ sơ còn giải quyết trễ hạn do thiếu nhân lực.');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await expect(page.getByText('Đã lưu nháp.')).toBeVisible();
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
  await expect(page.getByTestId('submission-status')).toHaveText('Đã gửi');
  await expect(page.getByLabel('1. Kết quả thực hiện nhiệm vụ cải cách hành chính')).toHaveAttribute('readonly', '');
});

test('the Sở Nội vụ generates the province’s Q3 report, watches its progress and downloads both files', async ({ page }) => {
  // A long walk: generation (figures, XLSX, PDF, DOCX), three downloads read back, finalising with a number.
  test.setTimeout(120_000);
  await signIn(page, 'sonoivu');
  const regimeId = await cchcRegimeId(page);
  await page.goto(`/reports/${regimeId}/${q3Key()}`);
  const stp = page.getByTestId('submissions-table').locator('tr[data-agency="33.STP"]');
  await expect(stp).toContainText('Đã gửi');
  await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
  const progress = page.getByTestId('generation-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Hoàn tất', { timeout: 60_000 });
  const version = page.getByTestId('report-versions').locator('tr[data-version="1"]');
  await expect(version).toContainText('Sẵn sàng');
  // The report in the app: the Sở Tư pháp's narrative under its section, and the frozen tables.
  await version.getByRole('button', { name: 'Xem' }).click();
  const view = page.getByTestId('report-view');
  await expect(view).toContainText('đề xuất đơn giản hóa 3 thủ tục');
  await view.getByRole('tab', { name: 'Biểu 3. Tiếp nhận, trả lời phản ánh, kiến nghị' }).click();
  await expect(view).toContainText('Toàn tỉnh');
  await page.keyboard.press('Escape');
  for (const format of ['XLSX', 'PDF']) {
    const download = page.waitForEvent('download');
    await version.getByRole('link', { name: `Tải ${format}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^bao-cao-cchc-${q3Key()}-v1\\.${format.toLowerCase()}$`));
    const path = await file.path();
    const { statSync } = await import('node:fs');
    expect(statSync(path).size).toBeGreaterThan(2000);
  }
  await version.getByRole('button', { name: 'Hoàn tất, ký duyệt' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Hoàn tất, ký duyệt' }).click();
  await expect(version).toContainText('Đã hoàn tất');
});

test('the Sở Nội vụ adds a statistical regime on calendar months and finds its deadlines in the report calendar', async ({
  page,
}) => {
  await signIn(page, 'sonoivu');
  await page.goto('/reports?tab=regimes');
  await page.getByRole('button', { name: 'Thêm chế độ báo cáo' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Mã' }).fill('tke-quy');
  await dialog.getByRole('textbox', { name: 'Tên' }).fill('Báo cáo thống kê thủ tục hành chính hằng quý');
  await dialog.getByRole('textbox', { name: 'Tần suất' }).click();
  await page.getByRole('option', { name: 'Hằng quý' }).click();
  await dialog.getByRole('textbox', { name: 'Cách chốt số liệu' }).click();
  await page.getByRole('option', { name: 'Theo tháng dương lịch' }).click();
  await dialog.getByRole('textbox', { name: 'Cơ quan nhận' }).fill('so noi vu');
  await page
    .getByRole('option', { name: /Sở Nội vụ/ })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu chế độ báo cáo.')).toBeVisible();
  await expect(page.locator('[data-regime="TKE-QUY"]')).toContainText('Theo tháng dương lịch');
  await page.getByRole('tab', { name: 'Lịch báo cáo' }).click();
  // Calendar quarters end on the last day of a month: 31/12 for the fourth quarter.
  const row = page.getByTestId('report-calendar').locator('tr[data-regime="TKE-QUY"]').first();
  await expect(row).toContainText(/31\/(03|12)\/\d{4}|30\/(06|09)\/\d{4}/);
});

test('a report for May 2025, before the reorganisation, lists the former wards of Phố Hiến with their own figures and where they went', async ({
  page,
}) => {
  await signIn(page, 'sonoivu');
  await page.goto(`/reports/${await regimeId(page, 'PAKN-THANG')}/2025-month-5`);
  await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
  await expect(page.getByTestId('generation-progress')).toContainText('Hoàn tất', { timeout: 60_000 });
  const version = page.getByTestId('report-versions').locator('tr[data-version="1"]');
  await version.getByRole('button', { name: 'Xem' }).click();
  const view = page.getByTestId('report-view');
  // Monthly data run from the 15th of the month before to the 14th (Nghị định 09/2019).
  await expect(view).toContainText('15/04/2025 – 14/05/2025');
  await view.getByRole('tab', { name: /phản ánh, kiến nghị/ }).click();
  const row = view.getByRole('row').filter({ hasText: 'Hiến Nam (nay thuộc Phố Hiến)' });
  await expect(row).toHaveCount(1);
  // Its own items of that month: received 2 (the demo's spring 2025 items).
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');
  // Today's ward did not exist then: it has no row of its own.
  await expect(view.getByRole('cell', { name: 'Phố Hiến', exact: true })).toHaveCount(0);
  for (const former of ['An Tảo', 'Lê Lợi', 'Minh Khai', 'Trung Nghĩa', 'Liên Phương'])
    await expect(view.getByRole('row').filter({ hasText: `${former} (nay thuộc Phố Hiến)` })).toHaveCount(1);
});
