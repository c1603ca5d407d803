import { describe, expect, it } from 'vitest';
import { SCORE_COMPONENT_KEYS } from '../scores/scheme';
import { FIGURE_DEFINITIONS, FIGURE_KEYS, type FigureKey, howComputed } from './definitions';

describe('figure definitions ("Cách tính")', () => {
  it('define every score component, so a scorecard shows the rule of each line', () => {
    // Compile-time too: a component key that is not a figure key does not type-check here.
    const keys: readonly FigureKey[] = SCORE_COMPONENT_KEYS;
    for (const key of keys) expect(FIGURE_KEYS).toContain(key);
  });
  it('name at least one source text for every figure, in Vietnamese and English', () => {
    for (const key of FIGURE_KEYS) {
      const d = FIGURE_DEFINITIONS[key];
      expect(d.sources.length, key).toBeGreaterThan(0);
      expect(d.rule.vi.length, key).toBeGreaterThan(40);
      expect(d.rule.en.length, key).toBeGreaterThan(40);
    }
  });
  it('say for feedback and dossiers what was chosen: judged on the day computed, not-yet-due items in no count', () => {
    expect(howComputed('feedback_on_time')).toMatch(/chưa đến hạn/);
    expect(howComputed('feedback_on_time')).toMatch(/Quyết định 766\/QĐ-TTg/);
    expect(howComputed('feedback_satisfaction')).toMatch(/quá hạn/);
    expect(howComputed('dossiers_on_time')).toMatch(/ngày làm việc/);
    expect(howComputed('dossiers_on_time')).toMatch(/Nghị định 118\/2025\/NĐ-CP/);
    expect(howComputed('dossiers_on_time', 'en')).toMatch(/^Dossiers received in the period/);
  });
});
