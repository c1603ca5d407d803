/**
 * The public pages (issue 19), rendered on the server as small, accessible HTML: Vietnamese first,
 * English with ?lang=en for the page's own words (the published content stays as the agency wrote it).
 * Every value is escaped; the data come from core's public-data functions only.
 */
import type { DatasetColumn } from '@cchc/core/integrations/open-data';
import type { PublicAnswer, TPublicAnswerFilter } from '@cchc/core/integrations/public-data';
import type { TPublicationSettings } from '@cchc/core/integrations/publication';
import { isSafeLink } from '@cchc/domain/links';

export type Lang = 'vi' | 'en';

export const PAGE_TEXT = {
  vi: {
    site: 'Cải cách hành chính — Thông tin công khai',
    skip: 'Bỏ qua, tới nội dung chính',
    home: 'Trang công khai',
    answers: 'Trả lời phản ánh, kiến nghị',
    answersIntro:
      'Câu trả lời của cơ quan nhà nước đối với phản ánh, kiến nghị của người dân, doanh nghiệp, như đã được công khai. Thông tin cá nhân đã được loại bỏ.',
    results: 'Kết quả chấm điểm các cơ quan',
    register: 'Thủ tục hành chính đang rà soát',
    registerIntro:
      'Các thủ tục hành chính không phát sinh hồ sơ trong nhiều năm được giao cơ quan rà soát, đề xuất giữ nguyên, đơn giản hóa hoặc bãi bỏ.',
    openData: 'Dữ liệu mở',
    openDataIntro: 'Mỗi danh sách được cung cấp dưới dạng CSV và JSON tại địa chỉ cố định.',
    licence: 'Giấy phép',
    columns: 'Các cột',
    api: 'API cho hệ thống khác: Open311 GeoReport v2 tại /open311/v2 và tài liệu OpenAPI tại /api/v1/openapi.json.',
    search: 'Tìm kiếm',
    keyword: 'Từ khóa',
    agency: 'Cơ quan',
    field: 'Lĩnh vực',
    from: 'Công khai từ ngày',
    to: 'đến ngày',
    all: 'Tất cả',
    found: (n: number) => `Tìm thấy ${n.toLocaleString('vi-VN')} câu trả lời.`,
    none: 'Không có câu trả lời phù hợp.',
    number: 'Số',
    received: 'Ngày tiếp nhận',
    published: 'Ngày công khai',
    question: 'Nội dung phản ánh, kiến nghị',
    answer: 'Trả lời',
    previous: 'Trang trước',
    next: 'Trang sau',
    download: 'Tải xuống',
    notPublished: 'Tỉnh chưa công khai nội dung này.',
    noRun: 'Chưa có kết quả chấm điểm được công khai.',
    period: 'Kỳ đánh giá',
    asOf: 'Số liệu tính đến',
    rank: 'Hạng',
    group: 'Nhóm',
    score: 'Điểm',
    grade: 'Xếp loại',
    onTime: 'Tỷ lệ PAKN trả lời đúng hạn',
    definitions: 'Cách tính',
    procedure: 'Thủ tục',
    reviewingAgency: 'Cơ quan rà soát',
    lastFiling: 'Hồ sơ gần nhất',
    never: 'Chưa từng',
    opened: 'Đưa vào rà soát',
    status: 'Tình trạng',
    proposal: 'Đề xuất',
    decision: 'Quyết định',
    catalogue: 'Xem trên CSDL quốc gia',
    noReviews: 'Chưa có thủ tục nào đang rà soát.',
    notFound: 'Không tìm thấy nội dung này.',
    back: 'Quay lại danh sách',
    challenge: 'Góp ý về thủ tục này',
    challengeTitle: 'Ý kiến của người dân, doanh nghiệp',
    challengeIntro:
      'Bạn thấy thủ tục này không cần thiết hoặc có thể đơn giản hóa? Ý kiến được chuyển tới cơ quan rà soát; câu trả lời được công khai tại đây.',
    challengeKind: 'Ý kiến',
    unnecessary: 'Thủ tục này không cần thiết',
    simplify: 'Thủ tục này có thể đơn giản hóa',
    reason: 'Lý do, đề xuất cụ thể',
    contact: 'Thông tin liên hệ (không bắt buộc, không công khai)',
    send: 'Gửi ý kiến',
    challengeReceived: (n: number | null, due: string) =>
      n
        ? `Đã nhận ý kiến số ${n}. Cơ quan rà soát trả lời trước ngày ${due}; câu trả lời sẽ được công khai tại trang này.`
        : 'Đã nhận ý kiến.',
    pending: (due: string) => `Đang chờ trả lời (hạn ${due}).`,
    noChallenges: 'Chưa có ý kiến nào.',
    honeypot: 'Để trống ô này',
    other: 'English',
  },
  en: {
    site: 'Administrative reform — Public information',
    skip: 'Skip to main content',
    home: 'Public pages',
    answers: 'Answers to feedback',
    answersIntro:
      'Answers of state agencies to feedback from citizens and businesses, as published. Personal data has been removed.',
    results: 'Agency scores',
    register: 'Procedures under review',
    registerIntro:
      'Administrative procedures with no dossier filed for years, given to an agency to review and propose keeping, simplifying or abolishing.',
    openData: 'Open data',
    openDataIntro: 'Each list is available as CSV and JSON at a stable address.',
    licence: 'Licence',
    columns: 'Columns',
    api: 'API for other systems: Open311 GeoReport v2 at /open311/v2 and the OpenAPI document at /api/v1/openapi.json.',
    search: 'Search',
    keyword: 'Keyword',
    agency: 'Agency',
    field: 'Field',
    from: 'Published from',
    to: 'to',
    all: 'All',
    found: (n: number) => `${n.toLocaleString('en-GB')} answers found.`,
    none: 'No matching answer.',
    number: 'No.',
    received: 'Received',
    published: 'Published',
    question: 'Feedback',
    answer: 'Answer',
    previous: 'Previous page',
    next: 'Next page',
    download: 'Download',
    notPublished: 'The province does not publish this.',
    noRun: 'No score results published yet.',
    period: 'Period',
    asOf: 'Figures as of',
    rank: 'Rank',
    group: 'Group',
    score: 'Score',
    grade: 'Grade',
    onTime: 'Feedback answered on time',
    definitions: 'Definitions',
    procedure: 'Procedure',
    reviewingAgency: 'Reviewing agency',
    lastFiling: 'Last dossier',
    never: 'Never',
    opened: 'Under review since',
    status: 'Status',
    proposal: 'Proposal',
    decision: 'Decision',
    catalogue: 'See in the national catalogue',
    noReviews: 'No procedure under review.',
    notFound: 'Not found.',
    back: 'Back to the list',
    challenge: 'Comment on this procedure',
    challengeTitle: 'Comments from citizens and businesses',
    challengeIntro:
      'Is this procedure unnecessary, or could it be simpler? Your comment goes to the reviewing agency; its answer is published here.',
    challengeKind: 'Comment',
    unnecessary: 'This procedure is unnecessary',
    simplify: 'This procedure could be simpler',
    reason: 'Reasons and concrete proposal',
    contact: 'Contact (optional, never published)',
    send: 'Send comment',
    challengeReceived: (n: number | null, due: string) =>
      n
        ? `Comment no. ${n} received. The reviewing agency answers by ${due}; the answer will be published on this page.`
        : 'Comment received.',
    pending: (due: string) => `Awaiting an answer (due ${due}).`,
    noChallenges: 'No comment yet.',
    honeypot: 'Leave this box empty',
    other: 'Tiếng Việt',
  },
} as const;

const REVIEW_STATUS: Record<Lang, Record<string, string>> = {
  vi: {
    open: 'Đang rà soát',
    proposed: 'Đã đề xuất, chờ quyết định',
    approved: 'Đã quyết định',
    rejected: 'Yêu cầu đề xuất lại',
  },
  en: {
    open: 'Under review',
    proposed: 'Proposed, awaiting decision',
    approved: 'Decided',
    rejected: 'Sent back for a new proposal',
  },
};
const PROPOSAL: Record<Lang, Record<string, string>> = {
  vi: { keep: 'Giữ nguyên', simplify: 'Đơn giản hóa', abolish: 'Bãi bỏ', propose_competent: 'Kiến nghị cấp có thẩm quyền' },
  en: { keep: 'Keep', simplify: 'Simplify', abolish: 'Abolish', propose_competent: 'Refer to the competent authority' },
};

/** HTML-escapes a value (null → empty). */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const vnDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
const vnInstant = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(iso),
  );
const percent = (v: number | null) => (v === null ? 'N/A' : `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);
const withLang = (href: string, lang: Lang) => (lang === 'en' ? `${href}${href.includes('?') ? '&' : '?'}lang=en` : href);

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;line-height:1.5}
header{background:#0b4f8a;color:#fff;padding:.75rem 1rem}header a{color:#fff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:.5rem 0 0}
main{max-width:72rem;margin:0 auto;padding:1rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7}caption{text-align:left;font-weight:600;padding:.25rem 0}
form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:1rem 0}label{display:flex;flex-direction:column;font-size:.9rem}
input,select,button{font:inherit;padding:.3rem}article{border-bottom:1px solid #ddd;padding:.75rem 0}
.meta{color:#555;font-size:.9rem}.answer{background:#f5f9ff;border-left:4px solid #0b4f8a;padding:.5rem .75rem;white-space:pre-wrap}
.question{white-space:pre-wrap}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0b400}`;

/** The page frame: language, skip link, site navigation, one main landmark. */
export function page(lang: Lang, title: string, body: string): string {
  const t = PAGE_TEXT[lang];
  const link = (href: string, label: string) => `<li><a href="${withLang(href, lang)}">${esc(label)}</a></li>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — ${esc(t.site)}</title><style>${STYLE}</style></head>
<body><a class="skip" href="#noi-dung">${esc(t.skip)}</a>
<header><div>${esc(t.site)}</div><nav aria-label="${esc(t.home)}"><ul>
${link('/cong-khai', t.home)}${link('/cong-khai/tra-loi-pakn', t.answers)}${link('/cong-khai/ket-qua', t.results)}${link('/cong-khai/ra-soat-thu-tuc', t.register)}
<li><a href="${lang === 'en' ? '?' : '?lang=en'}" lang="${lang === 'en' ? 'vi' : 'en'}">${esc(t.other)}</a></li>
</ul></nav></header>
<main id="noi-dung"><h1>${esc(title)}</h1>
${body}
</main></body></html>
`;
}

const downloads = (lang: Lang, name: string, query = '') =>
  `<p>${esc(PAGE_TEXT[lang].download)}: <a href="/cong-khai/du-lieu/${name}.csv${query}" download>CSV</a> · <a href="/cong-khai/du-lieu/${name}.json${query}">JSON</a></p>`;

export interface PublicPageSources {
  settings: () => Promise<TPublicationSettings>;
  answers: (filter: TPublicAnswerFilter) => Promise<{ total: number; items: PublicAnswer[] }>;
  answer: (number: number) => Promise<PublicAnswer | null>;
  facets: () => Promise<{ agencies: { code: string; name: string }[]; fields: string[] }>;
  results: () => Promise<{
    run: { periodFrom: string; periodTo: string; asOf: string };
    definitions: { total: string; feedbackOnTimeRate: string };
    rows: {
      rank: number | null;
      agencyCode: string;
      agencyName: string;
      peerGroup: string;
      total: number | null;
      grade: string | null;
      feedbackOnTimeRate: number | null;
    }[];
  } | null>;
  register: () => Promise<
    | {
        id: string;
        procedureCode: string;
        procedureName: string;
        field: string | null;
        detailUrl: string | null;
        agencyName: string;
        lastFiling: string | null;
        openedOn: string;
        status: string;
        proposal: string | null;
        decisionNo: string | null;
        decisionDate: string | null;
      }[]
    | null
  >;
  datasets: { dataset: string; title: string; columns: readonly DatasetColumn[] }[];
  challenges: (reviewId: string) => Promise<
    {
      number: number;
      kind: string;
      content: string;
      receivedOn: string;
      answerDue: string;
      status: string;
      answerText: string | null;
    }[]
  >;
}

/** What the challenge form shows: empty, refused with the sender's values, or received. */
export type ChallengeFormState =
  | { kind: 'empty' }
  | { kind: 'refused'; message: string; values: { kind?: string; content?: string; contact?: string } }
  | { kind: 'received'; number: number | null; answerDue: string };

function answerArticle(lang: Lang, a: PublicAnswer, heading: 'h2' | 'h1' = 'h2'): string {
  const t = PAGE_TEXT[lang];
  const title =
    heading === 'h2' ? `<h2><a href="${withLang(`/cong-khai/tra-loi-pakn/${a.number}`, lang)}">${esc(a.subject)}</a></h2>` : '';
  return `<article>${title}
<p class="meta">${esc(t.number)} ${a.number} · ${esc(a.agencyName)} · ${esc(t.field)}: ${esc(a.field ?? '—')} · ${esc(t.received)} ${vnDate(a.receivedOn)} · ${esc(t.published)} ${vnInstant(a.publishedAt)}</p>
<h3>${esc(t.question)}</h3><p class="question">${esc(a.question)}</p>
<h3>${esc(t.answer)}</h3><div class="answer">${esc(a.answer)}</div></article>`;
}

export function publicPages(src: PublicPageSources) {
  return {
    async home(lang: Lang) {
      const t = PAGE_TEXT[lang];
      const settings = await src.settings();
      const published: Record<string, boolean> = {
        'tra-loi-pakn': settings.feedbackAnswers,
        'ket-qua': settings.scoreResults,
        'ra-soat-thu-tuc': settings.reviewRegister,
      };
      const pages = `<ul>
<li><a href="${withLang('/cong-khai/tra-loi-pakn', lang)}">${esc(t.answers)}</a></li>
<li><a href="${withLang('/cong-khai/ket-qua', lang)}">${esc(t.results)}</a></li>
<li><a href="${withLang('/cong-khai/ra-soat-thu-tuc', lang)}">${esc(t.register)}</a></li></ul>`;
      const data = src.datasets
        .filter((d) => published[d.dataset])
        .map(
          (d) => `<section aria-labelledby="ds-${d.dataset}"><h3 id="ds-${d.dataset}">${esc(d.title)}</h3>
${downloads(lang, d.dataset)}
<details><summary>${esc(t.columns)}</summary><dl>${d.columns.map((c) => `<dt><code>${esc(c.name)}</code></dt><dd>${esc(c.description)}</dd>`).join('')}</dl></details></section>`,
        )
        .join('\n');
      return page(
        lang,
        t.home,
        `${pages}<h2>${esc(t.openData)}</h2><p>${esc(t.openDataIntro)} ${esc(t.licence)}: ${esc(settings.licence)}.</p>${data}<p>${esc(t.api)}</p>`,
      );
    },

    async answers(lang: Lang, filter: TPublicAnswerFilter) {
      const t = PAGE_TEXT[lang];
      if (!(await src.settings()).feedbackAnswers) return page(lang, t.answers, `<p>${esc(t.notPublished)}</p>`);
      const [{ total, items }, facets] = await Promise.all([src.answers(filter), src.facets()]);
      const option = (value: string, label: string, selected: string | undefined) =>
        `<option value="${esc(value)}"${value === (selected ?? '') ? ' selected' : ''}>${esc(label)}</option>`;
      const form = `<form method="get" action="/cong-khai/tra-loi-pakn" role="search" aria-label="${esc(t.search)}">
${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<label>${esc(t.keyword)}<input type="search" name="q" value="${esc(filter.q)}"></label>
<label>${esc(t.agency)}<select name="agency">${option('', t.all, filter.agency)}${facets.agencies.map((a) => option(a.code, a.name, filter.agency)).join('')}</select></label>
<label>${esc(t.field)}<select name="field">${option('', t.all, filter.field)}${facets.fields.map((f) => option(f, f, filter.field)).join('')}</select></label>
<label>${esc(t.from)}<input type="date" name="from" value="${esc(filter.from)}"></label>
<label>${esc(t.to)}<input type="date" name="to" value="${esc(filter.to)}"></label>
<button type="submit">${esc(t.search)}</button></form>`;
      const params = new URLSearchParams();
      for (const key of ['q', 'agency', 'field', 'from', 'to'] as const) {
        const v = filter[key];
        if (v) params.set(key, v);
      }
      const query = params.toString() ? `?${params}` : '';
      const pageLink = (offset: number, label: string) => {
        const p = new URLSearchParams(params);
        p.set('offset', String(offset));
        if (lang === 'en') p.set('lang', 'en');
        return `<a href="/cong-khai/tra-loi-pakn?${p}">${esc(label)}</a>`;
      };
      const pager = [
        filter.offset > 0 ? pageLink(Math.max(0, filter.offset - filter.limit), t.previous) : '',
        filter.offset + items.length < total ? pageLink(filter.offset + filter.limit, t.next) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return page(
        lang,
        t.answers,
        `<p>${esc(t.answersIntro)}</p>${form}<p role="status">${esc(total ? t.found(total) : t.none)}</p>${downloads(lang, 'tra-loi-pakn', query)}
${items.map((a) => answerArticle(lang, a)).join('\n')}<nav aria-label="${esc(t.next)}">${pager}</nav>`,
      );
    },

    async answer(lang: Lang, number: number) {
      const a = await src.answer(number);
      if (!a) return null;
      return page(
        lang,
        a.subject,
        `${answerArticle(lang, a, 'h1')}<p><a href="${withLang('/cong-khai/tra-loi-pakn', lang)}">${esc(PAGE_TEXT[lang].back)}</a></p>`,
      );
    },

    async results(lang: Lang) {
      const t = PAGE_TEXT[lang];
      if (!(await src.settings()).scoreResults) return page(lang, t.results, `<p>${esc(t.notPublished)}</p>`);
      const results = await src.results();
      if (!results) return page(lang, t.results, `<p>${esc(t.noRun)}</p>`);
      const { run } = results;
      const rows = results.rows
        .map(
          (r) =>
            `<tr><td>${esc(r.rank ?? '—')}</td><td>${esc(r.agencyName)}</td><td>${esc(r.peerGroup)}</td><td>${esc(r.total ?? 'N/A')}</td><td>${esc(r.grade ?? '')}</td><td>${esc(percent(r.feedbackOnTimeRate))}</td></tr>`,
        )
        .join('\n');
      return page(
        lang,
        t.results,
        `<p>${esc(t.period)}: ${vnDate(run.periodFrom)} – ${vnDate(run.periodTo)}. <strong>${esc(t.asOf)}: ${vnDate(run.asOf)}</strong>.</p>
${downloads(lang, 'ket-qua')}
<table><caption>${esc(t.results)} (${vnDate(run.periodFrom)} – ${vnDate(run.periodTo)})</caption>
<thead><tr><th scope="col">${esc(t.rank)}</th><th scope="col">${esc(t.agency)}</th><th scope="col">${esc(t.group)}</th><th scope="col">${esc(t.score)}</th><th scope="col">${esc(t.grade)}</th><th scope="col">${esc(t.onTime)}</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${esc(t.definitions)}</h2><dl><dt>${esc(t.score)}</dt><dd>${esc(results.definitions.total)}</dd><dt>${esc(t.onTime)}</dt><dd>${esc(results.definitions.feedbackOnTimeRate)}</dd></dl>`,
      );
    },

    /** One procedure under review: its answered and pending challenges and the form to send one. */
    async review(lang: Lang, reviewId: string, state: ChallengeFormState) {
      const t = PAGE_TEXT[lang];
      const review = (await src.register())?.find((r) => r.id === reviewId);
      if (!review) return null;
      const challenges = await src.challenges(reviewId);
      const list = challenges.length
        ? challenges
            .map(
              (
                c,
              ) => `<article><h3>${esc(t.challengeKind)} ${c.number}: ${esc(c.kind === 'unnecessary' ? t.unnecessary : t.simplify)}</h3>
<p class="meta">${vnDate(c.receivedOn)}</p><p class="question">${esc(c.content)}</p>${
                c.answerText
                  ? `<h4>${esc(t.answer)}</h4><div class="answer">${esc(c.answerText)}</div>`
                  : `<p>${esc(t.pending(vnDate(c.answerDue)))}</p>`
              }</article>`,
            )
            .join('\n')
        : `<p>${esc(t.noChallenges)}</p>`;
      const values = state.kind === 'refused' ? state.values : {};
      const checked = (k: string) => (values.kind === k ? ' checked' : '');
      const form =
        review.status === 'approved'
          ? ''
          : state.kind === 'received'
            ? `<p role="status" class="answer">${esc(t.challengeReceived(state.number, vnDate(state.answerDue)))}</p>`
            : `<h2 id="gop-y">${esc(t.challenge)}</h2><p>${esc(t.challengeIntro)}</p>${
                state.kind === 'refused' ? `<p role="alert"><strong>${esc(state.message)}</strong></p>` : ''
              }<form method="post" action="${withLang(`/cong-khai/ra-soat-thu-tuc/${review.id}`, lang)}" aria-labelledby="gop-y" style="flex-direction:column;align-items:stretch;max-width:40rem">
<fieldset><legend>${esc(t.challengeKind)}</legend>
<label style="flex-direction:row;gap:.5rem"><input type="radio" name="kind" value="unnecessary" required${checked('unnecessary')}> ${esc(t.unnecessary)}</label>
<label style="flex-direction:row;gap:.5rem"><input type="radio" name="kind" value="simplify"${checked('simplify')}> ${esc(t.simplify)}</label></fieldset>
<label>${esc(t.reason)}<textarea name="content" rows="6" required minlength="20" maxlength="5000">${esc(values.content)}</textarea></label>
<label>${esc(t.contact)}<input type="text" name="contact" maxlength="200" autocomplete="off" value="${esc(values.contact)}"></label>
<label class="skip" aria-hidden="true">${esc(t.honeypot)}<input type="text" name="website" tabindex="-1" autocomplete="off"></label>
<button type="submit">${esc(t.send)}</button></form>`;
      return page(
        lang,
        `${review.procedureCode} — ${review.procedureName}`,
        `<p class="meta">${esc(t.reviewingAgency)}: ${esc(review.agencyName)} · ${esc(t.lastFiling)}: ${
          review.lastFiling ? vnDate(review.lastFiling) : esc(t.never)
        } · ${esc(t.status)}: ${esc(REVIEW_STATUS[lang][review.status] ?? review.status)}${
          review.proposal ? ` · ${esc(t.proposal)}: ${esc(PROPOSAL[lang][review.proposal] ?? review.proposal)}` : ''
        }</p>${isSafeLink(review.detailUrl) ? `<p><a href="${esc(review.detailUrl)}" rel="noopener">${esc(t.catalogue)}</a></p>` : ''}
${form}<h2>${esc(t.challengeTitle)}</h2>${list}<p><a href="${withLang('/cong-khai/ra-soat-thu-tuc', lang)}">${esc(t.back)}</a></p>`,
      );
    },

    async register(lang: Lang) {
      const t = PAGE_TEXT[lang];
      const rows = await src.register();
      if (rows === null) return page(lang, t.register, `<p>${esc(t.notPublished)}</p>`);
      const body = rows
        .map(
          (r) =>
            `<tr><td><strong>${esc(r.procedureCode)}</strong> ${esc(r.procedureName)}${r.field ? `<br><span class="meta">${esc(r.field)}</span>` : ''}${
              isSafeLink(r.detailUrl) ? `<br><a href="${esc(r.detailUrl)}" rel="noopener">${esc(t.catalogue)}</a>` : ''
            }${
              r.status === 'approved'
                ? ''
                : `<br><a href="${withLang(`/cong-khai/ra-soat-thu-tuc/${r.id}`, lang)}">${esc(t.challenge)}</a>`
            }</td><td>${esc(r.agencyName)}</td><td>${r.lastFiling ? vnDate(r.lastFiling) : esc(t.never)}</td><td>${vnDate(r.openedOn)}</td><td>${esc(
              REVIEW_STATUS[lang][r.status] ?? r.status,
            )}</td><td>${esc(r.proposal ? (PROPOSAL[lang][r.proposal] ?? r.proposal) : '—')}</td><td>${
              r.decisionNo ? `${esc(r.decisionNo)} (${vnDate(r.decisionDate)})` : '—'
            }</td></tr>`,
        )
        .join('\n');
      return page(
        lang,
        t.register,
        `<p>${esc(t.registerIntro)}</p>${downloads(lang, 'ra-soat-thu-tuc')}${
          rows.length
            ? `<table><caption>${esc(t.register)}</caption><thead><tr><th scope="col">${esc(t.procedure)}</th><th scope="col">${esc(t.reviewingAgency)}</th><th scope="col">${esc(t.lastFiling)}</th><th scope="col">${esc(t.opened)}</th><th scope="col">${esc(t.status)}</th><th scope="col">${esc(t.proposal)}</th><th scope="col">${esc(t.decision)}</th></tr></thead><tbody>${body}</tbody></table>`
            : `<p>${esc(t.noReviews)}</p>`
        }`,
      );
    },
  };
}
