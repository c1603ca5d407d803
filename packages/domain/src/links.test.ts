import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeLink, linkProblem } from './links';

describe('linkProblem', () => {
  it('accepts web addresses, and an empty field as no link', () => {
    expect(linkProblem('https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001')).toBeNull();
    expect(linkProblem('http://hungyen.gov.vn/van-ban')).toBeNull();
    expect(linkProblem('  ')).toBeNull();
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    '  javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'jav\nascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
  ])('refuses %j as a script-running scheme', (url) => {
    expect(linkProblem(url)).toBe('dangerous_scheme');
    expect(isSafeLink(url)).toBe(false);
  });

  it.each(['file:///etc/passwd', 'ftp://example.vn/a', 'www.hungyen.gov.vn', '/relative/path', 'https://'])(
    'refuses %j as not a web address',
    (url) => {
      expect(linkProblem(url)).toBe('not_web');
    },
  );

  it('never calls a link safe that a browser would read as javascript:, whatever is put before or inside the scheme', () => {
    const junk = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u001f'), maxLength: 4 });
    fc.assert(
      fc.property(
        junk,
        junk,
        fc.constantFrom('javascript', 'data', 'vbscript'),
        fc.boolean(),
        (before, inside, scheme, upper) => {
          const s = upper ? scheme.toUpperCase() : scheme;
          // Tabs and newlines inside the scheme: the browser drops them.
          const noisy = s.slice(0, 2) + inside.replace(/[^\t\n\r]/g, '') + s.slice(2);
          expect(isSafeLink(`${before}${noisy}:alert(1)`)).toBe(false);
        },
      ),
    );
  });
});
