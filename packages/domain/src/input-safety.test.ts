import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputProblem, isOutOfRangeDate, isSafeText } from './input-safety';

describe('inputProblem', () => {
  it('finds a NUL or a lone surrogate anywhere, with its path', () => {
    expect(inputProblem({ title: 'Kế hoạch\u0000 2026' })).toEqual({ kind: 'bad_text', path: 'title' });
    expect(inputProblem({ tasks: [{ title: 'ok' }, { title: 'x\uD800' }] })).toEqual({ kind: 'bad_text', path: 'tasks.1.title' });
    expect(inputProblem({ note: '\uDC00 đầu dòng' })?.kind).toBe('bad_text');
    expect(inputProblem({ 'k\u0000': 1 })?.kind).toBe('bad_text');
  });

  it('accepts Vietnamese text, emoji (a surrogate pair) and ordinary control characters such as line breaks', () => {
    expect(inputProblem({ title: 'Thủ tục hành chính 😀\n\tdòng hai', n: 2026, ok: true, none: null })).toBeNull();
  });

  it('refuses integers outside PostgreSQL integer', () => {
    expect(inputProblem({ year: 2147483648 })).toEqual({ kind: 'number_range', path: 'year' });
    expect(inputProblem({ year: -2147483649 })?.kind).toBe('number_range');
    expect(inputProblem({ year: 2147483647 })).toBeNull();
  });

  it('refuses dates before 1900 or after 2100, alone or starting a timestamp', () => {
    for (const d of ['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '10000-01-01', '0001-01-01T00:00:00Z']) {
      expect(isOutOfRangeDate(d), d).toBe(true);
    }
    for (const d of ['1900-01-01', '2026-03-02', '2100-12-31', '2026-03-02T08:00:00+07:00', 'năm 2026-2027', '12-2026']) {
      expect(isOutOfRangeDate(d), d).toBe(false);
    }
  });

  it('refuses input nested past any form', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(inputProblem(deep)?.kind).toBe('too_deep');
  });

  it('agrees with the platform: text without NUL is safe exactly when it is well-formed UTF-16', () => {
    fc.assert(
      // Code units around the surrogate range, NUL and Vietnamese letters, in any order.
      fc.property(
        fc.string({
          unit: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', 'a', 'ệ', '\n'),
        }),
        (s) => {
          // encodeURIComponent throws exactly on lone surrogates.
          let wellFormed = true;
          try {
            encodeURIComponent(s);
          } catch {
            wellFormed = false;
          }
          return isSafeText(s) === (wellFormed && !s.includes('\u0000'));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
