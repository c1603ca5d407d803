import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password';

describe('passwordProblem', () => {
  it('accepts a long password with letters and digits', () => {
    expect(passwordProblem('MậtKhẩu-2026')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(passwordProblem('abc1')).toBe('too_short');
    expect(passwordProblem('MatKhau-202')).toBe('too_short');
    expect(passwordProblem('abcdefghijkl')).toBe('needs_letter_and_digit');
    expect(passwordProblem('a1'.repeat(70))).toBe('too_long');
  });
});
