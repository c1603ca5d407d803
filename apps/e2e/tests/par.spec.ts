import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// One story, in order: the Sở Nội vụ opens the year's PAR Index; the Sở Tư pháp's officer self-assesses
// and submits; the working group appraises with an adjustment; the agency head contests it; the Sở Nội vụ decides.
test.describe.configure({ mode: 'serial' });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function call(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/trpc/${path}`, {
    data: input,
    headers: { 'content-type': 'application/json', 'x-cchc-csrf': '1' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data;
}

async function query(request: APIRequestContext, path: string, input?: unknown) {
  const res = await request.get(
    `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).result.data;
}

/** The agency's people find the year's assessment in their work. */
async function openStp(page: Page) {
  await page.goto('/my-work');
  await page.getByTestId('par-mine').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /Chỉ số CCHC năm \d{4} — Sở Tư pháp/ })).toBeVisible();
}

test('the Sở Nội vụ opens the year for the departments', async ({ page }) => {
  await signIn(page, 'sonoivu');
  await page.goto('/scores?tab=par');
  await page.getByRole('textbox', { name: 'Hạn tự đánh giá' }).fill('15/01/2027');
  await page.getByRole('textbox', { name: 'Hạn tự đánh giá' }).press('Tab');
  await page.getByRole('button', { name: 'Mở đợt đánh giá' }).click();
  await expect(page.getByText(/Đã mở đợt đánh giá cho \d+ cơ quan\./)).toBeVisible();
  await expect(page.getByTestId('par-results').locator('tr[data-agency="33.STP"]')).toContainText('Đang tự đánh giá');
});

test('the Sở Tư pháp officer completes the self-assessment with evidence and submits it', async ({
  page,
  playwright,
  baseURL,
}) => {
  // Most leaves through the API the form uses; the last one, and the submission, on the screen.
  const api = await playwright.request.newContext({ baseURL });
  await call(api, 'auth.signIn', { username: 'canbo.stp', password: DEMO_PASSWORD });
  const [mine] = await query(api, 'par.mine');
  const assessment = await query(api, 'par.assessment', { id: mine.id });
  const upload = await api.post('/api/files', {
    data: PDF,
    headers: { 'content-type': 'application/pdf', 'x-file-name': 'ke-hoach.pdf', 'x-cchc-csrf': '1' },
  });
  expect(upload.status()).toBe(201);
  const file = await upload.json();
  for (const field of assessment.tree.fields)
    for (const criterion of field.criteria)
      for (const leaf of criterion.leaves) {
        if (leaf.code === '2.1.1') continue;
        const kind = leaf.method.kind;
        const input =
          kind === 'yes_no'
            ? { done: true }
            : kind === 'self_assessed'
              ? { points: leaf.maxPoints, explanation: 'Đã thực hiện đầy đủ.' }
              : kind === 'deduction'
                ? { cases: 0 }
                : null;
        if (input)
          await call(api, 'par.saveEntry', { assessmentId: mine.id, leafCode: leaf.code, input, evidenceFileIds: [file.id] });
      }
  await api.dispose();

  await signIn(page, 'canbo.stp');
  await openStp(page);
  await expect(page.getByTestId('par-missing')).toContainText('Còn 1 tiêu chí');
  // A computed leaf shows its figure and how it is computed, and has no editor.
  const feedbackLeaf = page.locator('tr[data-leaf="3.4.1"]');
  await expect(feedbackLeaf.getByTestId('how-computed')).toContainText('Cách tính: 5 điểm × min(tỷ lệ ÷ 100 %, 1)');
  await expect(feedbackLeaf.getByTestId('leaf-editor')).toHaveCount(0);
  const leaf = page.locator('tr[data-leaf="2.1.1"]');
  await leaf.getByRole('textbox', { name: 'Điểm tự chấm' }).fill('3.5');
  await leaf.getByRole('textbox', { name: 'Giải trình' }).fill('Tham mưu 4 văn bản, ban hành 3 đúng kế hoạch.');
  await leaf
    .locator('input[type="file"]')
    .setInputFiles({ name: 'danh-muc-van-ban.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(leaf.getByRole('button', { name: 'Tài liệu kiểm chứng (1)' })).toBeVisible();
  await leaf.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Đã lưu tiêu chí 2.1.1.')).toBeVisible();
  await expect(leaf.getByTestId('leaf-points')).toHaveText('3,5');
  await expect(page.getByTestId('par-missing')).toHaveCount(0);
  await page.getByRole('button', { name: 'Nộp kết quả tự đánh giá' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Nộp kết quả tự đánh giá' }).click();
  await expect(page.getByTestId('par-state')).toHaveText('Đã nộp, chờ thẩm định');
  await expect(page.getByText('Số liệu tính từ hệ thống đã chốt khi nộp.')).toBeVisible();
});

test('the working group appraises it, lowering one leaf with a reason', async ({ page }) => {
  await signIn(page, 'totongtac');
  await page.goto('/scores?tab=par');
  await page.getByTestId('par-results').locator('tr[data-agency="33.STP"]').getByRole('link').click();
  const leaf = page.locator('tr[data-leaf="2.1.1"]');
  // The council opens the evidence the agency attached.
  const evidence = leaf.getByTestId('leaf-evidence').getByRole('link', { name: 'Tài liệu 1' });
  const file = await page.request.get((await evidence.getAttribute('href')) ?? '');
  expect(file.status()).toBe(200);
  expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await leaf.getByRole('textbox', { name: 'Điểm thẩm định' }).fill('2');
  await leaf.getByRole('textbox', { name: 'Lý do điều chỉnh' }).fill('Chỉ 2 văn bản có tài liệu kiểm chứng.');
  await page.getByRole('button', { name: 'Hoàn tất thẩm định' }).click();
  await expect(page.getByTestId('par-state')).toHaveText('Đã thẩm định');
  await expect(leaf.getByTestId('leaf-points')).toContainText('2');
  await expect(leaf).toContainText('Chỉ 2 văn bản có tài liệu kiểm chứng.');
});

test('the agency head contests the adjustment, and the Sở Nội vụ decides', async ({ page, browser }) => {
  await signIn(page, 'giamdoc.stp');
  await openStp(page);
  await expect(page.getByText(/Kiến nghị đến hết ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  const leaf = page.locator('tr[data-leaf="2.1.1"]');
  await leaf.getByRole('textbox', { name: 'Kiến nghị' }).fill('Văn bản thứ ba ban hành ngày 28/12, gửi kèm quyết định.');
  await page.getByRole('button', { name: 'Gửi kiến nghị' }).click();
  await expect(page.getByTestId('par-state')).toHaveText('Đang kiến nghị');

  const noiVu = await browser.newPage();
  await signIn(noiVu, 'sonoivu');
  await noiVu.goto('/scores?tab=par');
  await noiVu.getByTestId('par-results').locator('tr[data-agency="33.STP"]').getByRole('link').click();
  const decided = noiVu.locator('tr[data-leaf="2.1.1"]');
  await expect(decided).toContainText('Văn bản thứ ba ban hành ngày 28/12');
  await decided.getByRole('textbox', { name: 'Điểm thẩm định' }).fill('3');
  await decided.getByRole('textbox', { name: 'Lý do điều chỉnh' }).fill('Chấp nhận văn bản thứ ba.');
  await noiVu.getByRole('button', { name: 'Quyết định về kiến nghị' }).click();
  await expect(noiVu.getByTestId('par-state')).toHaveText('Đã xem xét kiến nghị');
  await noiVu.close();

  await page.reload();
  await expect(page.getByTestId('par-state')).toHaveText('Đã xem xét kiến nghị');
  await expect(leaf.getByTestId('leaf-points')).toContainText('3');
  await expect(leaf).toContainText('Chấp nhận văn bản thứ ba.');
});
