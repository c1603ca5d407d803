import { expect, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

// One story, in order: a source's CSV in through a saved mapping, the figures, an overdue item answered, masking.
test.describe.configure({ mode: 'serial' });

const suffix = Date.now().toString(36);
const DAY = 86_400_000;
/** A Vietnam calendar date `days` from now, as the source file writes it (dd/MM/yyyy). */
function vnDate(days: number): { iso: string; text: string } {
  const iso = new Date(Date.now() + 7 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
  return { iso, text: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` };
}
const HEADER =
  'Mã PAKN,Thời gian nhận,Người phản ánh,Số điện thoại,Tiêu đề,Nội dung,Đơn vị xử lý,Tình trạng,Ngày trả lời,Hình thức';
const OVERDUE_ID = `E2E-${suffix}-A`;
const SUBJECT = `Chậm cấp phiếu lý lịch tư pháp ${suffix}`;

function csv(lines: string[]) {
  return Buffer.from(`${[HEADER, ...lines].join('\n')}\n`);
}

const OCTOBER = csv([
  `${OVERDUE_ID},${vnDate(-35).text} 09:00,Nguyễn Văn An,0912345678,${SUBJECT},"Tôi nộp hồ sơ đã lâu, đến nay chưa nhận được phiếu.",33.STP,Đang giải quyết,,Cổng tỉnh`,
  `E2E-${suffix}-B,${vnDate(-30).text} 10:00,Trần Thị Bình,binh@example.com,Hỏi về lệ phí chứng thực,"Đề nghị hướng dẫn mức lệ phí chứng thực bản sao.",33.STP,Đã trả lời,${vnDate(-27).text},Đường dây nóng`,
  `E2E-${suffix}-C,${vnDate(-60).text} 14:00,Lê Văn Cường,0987654321,Thủ tục đăng ký khai sinh,"Đề nghị giảm giấy tờ khi đăng ký khai sinh.",Sở Tư pháp,Đã trả lời,${vnDate(-5).text},Cổng tỉnh`,
]);
const NOVEMBER = csv([
  `E2E-${suffix}-D,${vnDate(-3).text} 08:30,Phạm Minh Đức,0901000111,Hỏi về cấp bản sao,"Nội dung hỏi về cấp bản sao từ sổ gốc.",33.STP,Đang giải quyết,,Cổng tỉnh`,
  `E2E-${suffix}-E,${vnDate(-2).text} 15:10,Hoàng Thu Hà,0901000222,Phản ánh thái độ cán bộ một cửa,"Cán bộ hướng dẫn chưa đầy đủ.",33.STP,Đang giải quyết,,Đường dây nóng`,
]);
const PROFILE = `Cổng PAKN tỉnh ${suffix}`;

/** Searches the register and opens the one item found (waiting for the search to settle first). */
async function openFound(page: Page, search: string) {
  await page.getByRole('textbox', { name: 'Tìm kiếm' }).fill(search);
  const rows = page.getByTestId('feedback-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(SUBJECT);
  await rows.first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/feedback\/[0-9a-f-]{36}$/);
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function readFile(page: Page, name: string, content: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: content });
  await page.getByRole('button', { name: 'Đọc tệp' }).click();
  await expect(page.getByTestId('mapping')).toBeVisible();
}

/** The STP row of the figures table for the last 90 days (a period not aligned to half months: computed from items). */
async function stpFigures(page: Page) {
  await page.goto(`/feedback?tab=figures&from=${vnDate(-90).iso}&to=${vnDate(0).iso}`);
  const row = page.getByTestId('figures-table').locator('tr[data-agency="33.STP"]');
  await expect(row).toBeVisible();
  const count = async (drill: string) => {
    const link = row.locator(`a[data-drill="${drill}"]`);
    return (await link.count()) ? Number(((await link.first().textContent()) ?? '').replace(/\D/g, '')) : 0;
  };
  return { row, answered: await count('answered'), openOverdue: await count('openOverdue'), received: await count('received') };
}

test('the Sở Nội vụ maps a source CSV’s own columns and values, saves the mapping and imports', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.goto('/feedback?tab=imports');
  await readFile(page, 'pakn-thang-10.csv', OCTOBER);
  const mapping = page.getByTestId('mapping');
  // Recognised headers are pre-mapped; "Người phản ánh" and "Hình thức" are this source's own names.
  await expect(mapping.getByRole('textbox', { name: 'Mã nguồn (bắt buộc)' })).toHaveValue('Mã PAKN');
  // No longer required (a source without names imports as «(không rõ)»), but this source has them.
  await choose(page, 'Người gửi', 'Người phản ánh');
  await choose(page, 'Kênh tiếp nhận', 'Hình thức');
  await choose(page, 'Trạng thái: Đang giải quyết', 'Đã giao xử lý');
  await choose(page, 'Trạng thái: Đã trả lời', 'Đã trả lời');
  await choose(page, 'Kênh tiếp nhận: Cổng tỉnh', 'Cổng thông tin tỉnh');
  await choose(page, 'Kênh tiếp nhận: Đường dây nóng', 'Đường dây nóng');
  await choose(page, 'Đối tượng mặc định', 'Cá nhân');
  await mapping.getByRole('textbox', { name: 'Lưu mẫu với tên' }).fill(PROFILE);
  await mapping.getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByTestId('import-done')).toContainText('3 mới', { timeout: 30_000 });
});

test('next month’s file goes in through the saved mapping alone', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.goto('/feedback?tab=imports');
  await choose(page, 'Mẫu ánh xạ đã lưu', PROFILE);
  await readFile(page, 'pakn-thang-11.csv', NOVEMBER);
  await expect(page.getByRole('textbox', { name: 'Người gửi', exact: true })).toHaveValue('Người phản ánh');
  await page.getByTestId('mapping').getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByTestId('import-done')).toContainText('2 mới', { timeout: 30_000 });
  // Importing October again changes nothing: the same source ids are updated, never duplicated.
  await page.reload();
  await choose(page, 'Mẫu ánh xạ đã lưu', PROFILE);
  await readFile(page, 'pakn-thang-10.csv', OCTOBER);
  await page.getByTestId('mapping').getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByTestId('import-done')).toContainText('0 mới, 0 cập nhật, 3 không đổi', { timeout: 30_000 });
});

let before: { answered: number; openOverdue: number };

test('per-agency on-time rates, and the drill-down to an overdue item', async ({ page }) => {
  await signIn(page, 'sonoivu');
  const stp = await stpFigures(page);
  await expect(stp.row.getByTestId('on-time-rate')).toContainText('%');
  await expect(page.getByTestId('figures-as-of')).toContainText('tính trực tiếp từ từng phản ánh');
  expect(stp.openOverdue).toBeGreaterThanOrEqual(1);
  before = { answered: stp.answered, openOverdue: stp.openOverdue };
  await stp.row.locator('a[data-drill="openOverdue"]').click();
  await expect(page.getByTestId('drill-banner')).toContainText('Đang quá hạn');
  await page.getByRole('textbox', { name: 'Tìm kiếm' }).fill(OVERDUE_ID);
  const item = page.getByTestId('feedback-table').locator('tbody tr');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Quá hạn');
  // The register never shows a submitter's name in full.
  await expect(item).toContainText('***');
  await item.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/feedback\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('overdue-badge')).toBeVisible();
  await expect(page.getByTestId('submitter-name')).toHaveText('Nguyễn Văn An');
});

test('the competent agency’s officer answers the overdue item, and the figures follow', async ({ page }) => {
  await signIn(page, 'canbo.stp');
  await page.goto('/feedback');
  await openFound(page, OVERDUE_ID);
  await expect(page.getByTestId('submitter-name')).toHaveText('Nguyễn Văn An');
  await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Trả lời' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Nội dung trả lời cần ít nhất 10 ký tự.');
  await dialog.getByTestId('answer-text').fill('Sở Tư pháp đã cấp phiếu lý lịch tư pháp và xin lỗi ông vì sự chậm trễ.');
  await dialog.getByRole('button', { name: 'Trả lời' }).click();
  await expect(page.getByTestId('answer')).toContainText('đã cấp phiếu');
  await expect(page.getByText('Đã trả lời').first()).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, 'sonoivu');
  const stp = await stpFigures(page);
  expect(stp.answered).toBe(before.answered + 1);
  expect(stp.openOverdue).toBe(before.openOverdue - 1);
});

test('a working-group member outside the agency sees the submitter masked', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.goto('/feedback');
  await openFound(page, OVERDUE_ID);
  await expect(page.getByTestId('masked-notice')).toBeVisible();
  await expect(page.getByTestId('submitter-name')).toHaveText('***');
  await expect(page.getByTestId('feedback-content')).not.toContainText('chưa nhận được phiếu');
});
