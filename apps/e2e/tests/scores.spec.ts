import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// One story, in order: the Sở Nội vụ computes the last closed quarter, a head reads the scorecard, the scheme changes.
test.describe.configure({ mode: 'serial' });

test('the Sở Nội vụ computes the quarter and the ranking lists the departments', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.goto('/scores?tab=runs');
  await expect(page.getByTestId('compute-period')).toContainText('–');
  await page.getByRole('button', { name: 'Tính điểm', exact: true }).click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toContainText('Hoàn tất', { timeout: 60_000 });
  await expect(progress).toContainText(/(\d+)\/\1 cơ quan/);
  await page.getByRole('tab', { name: 'Xếp hạng' }).click();
  const table = page.getByTestId('rankings-table');
  for (const code of ['33.STC', '33.STP', '33.SNNMT']) await expect(table.locator(`tr[data-agency="${code}"]`)).toBeVisible();
  await expect(page.getByTestId('ranking-run')).toContainText('Bộ tiêu chí phiên bản 1');
  // The Sở Tài chính did everything on time and attended every session: first, 100%.
  await expect(table.locator('tr[data-agency="33.STC"]').getByTestId('total')).not.toHaveText('Không áp dụng');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Tải Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^xep-hang-cchc-.*\.xlsx$/);
});

test('an agency head opens the scorecard and finds the session the agency missed', async ({ page }) => {
  await signIn(page, 'giamdoc.stp');
  await page.getByTestId('nav-scores').click();
  await expect(page).toHaveURL(/\/scores$/);
  await expect(page.getByTestId('scorecard-total')).toContainText('%');
  await expect(page.getByTestId('scorecard-rank')).toContainText('Hạng');
  await expect(page.getByTestId('gains')).toContainText('Tham dự phiên họp');
  await page.locator('tr[data-component="attendance"]').getByRole('button', { name: 'Xem chi tiết' }).click();
  const missed = page.getByTestId('component-items').locator('tr[data-lost="yes"]');
  await expect(missed).toHaveCount(1);
  await expect(missed).toContainText('Phiên họp thứ 2');
  await expect(missed).toContainText('Vắng không lý do');
});

test('a scheme edit previews the rank changes and, once saved, is a new version while old results keep theirs', async ({
  page,
}) => {
  await signIn(page, 'sonoivu');
  await page.goto('/scores?tab=scheme');
  const editor = page.getByTestId('scheme-editor');
  await editor.getByRole('textbox', { name: 'Tối đa: Tham dự phiên họp' }).fill('35');
  await expect(editor.getByTestId('points-sum')).toContainText('120 / 100');
  await expect(editor.getByTestId('scheme-problems')).toContainText('Tổng điểm các thành phần phải bằng 100');
  await editor.getByRole('textbox', { name: 'Tối đa: Nhiệm vụ hoàn thành đúng hạn' }).fill('10');
  await expect(editor.getByTestId('points-sum')).toContainText('100 / 100');
  await editor.getByRole('button', { name: 'Xem trước thay đổi thứ hạng' }).click();
  const preview = editor.getByTestId('scheme-preview');
  await expect(preview).toContainText('cơ quan đổi hạng');
  await expect(preview.locator('tr[data-moved="yes"]').first()).toBeVisible();
  await editor.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
  await expect(page.getByText('Đã lưu phiên bản 2')).toBeVisible();
  await expect(page.getByTestId('scheme-versions')).toContainText('v2');

  // The computed quarter keeps version 1; computing it again uses version 2.
  await page.getByRole('tab', { name: 'Xếp hạng' }).click();
  await expect(page.getByTestId('ranking-run')).toContainText('Bộ tiêu chí phiên bản 1');
  await page.getByRole('tab', { name: 'Tính điểm' }).click();
  await page.getByRole('button', { name: 'Tính điểm', exact: true }).click();
  await expect(page.getByTestId('run-progress')).toContainText('Hoàn tất', { timeout: 60_000 });
  const runs = page.getByTestId('runs-table');
  await expect(runs.getByRole('row').filter({ hasText: 'Bộ tiêu chí phiên bản 2' })).toHaveCount(1);
  // Version 1: the run the demo seed computed on first start and the one computed above.
  await expect(runs.getByRole('row').filter({ hasText: 'Bộ tiêu chí phiên bản 1' })).toHaveCount(2);
});

test('the overview shows the province’s figures with their definitions', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.goto('/overview');
  await expect(page.getByTestId('overview-as-of')).toContainText('Số liệu tính đến');
  const average = page
    .getByText('Điểm trung bình sở, ngành', { exact: true })
    .locator('xpath=ancestor::div[contains(@class,"mantine-Paper-root")][1]');
  await expect(average).toContainText('%');
  await expect(page.getByText('Trả lời đúng hạn').first()).toBeVisible();
  // The last closed quarter: the demo sessions' attendance is there.
  await page.getByText('Quý trước').click();
  const attendance = page
    .getByText('Tỷ lệ tham dự', { exact: true })
    .locator('xpath=ancestor::div[contains(@class,"mantine-Paper-root")][1]');
  await expect(attendance).toContainText('%');
  // "Cách tính": the written rule of the figure and the texts it follows, beside the figure.
  const how = page.getByRole('button', { name: 'Cách tính: PAKN trả lời đúng hạn' });
  await how.click();
  const rule = page.getByTestId('how-computed-feedback_on_time');
  await expect(rule).toContainText('chưa đến hạn');
  await expect(rule).toContainText('Quyết định 766/QĐ-TTg');
  await how.click();
  await expect(rule).toBeHidden();
  await expect(page.getByTestId('overview-dossiers')).toContainText('Trước hạn · đúng hạn · quá hạn');
  await page.getByRole('button', { name: 'Cách tính: Hồ sơ TTHC giải quyết đúng hạn' }).click();
  await expect(page.getByTestId('how-computed-dossiers_on_time')).toContainText('ngày làm việc');
  await expect(page.getByTestId('how-computed-dossiers_on_time')).toContainText('Nghị định 118/2025/NĐ-CP');
  await page.screenshot({ path: 'test-results/overview.png', fullPage: true });
});
