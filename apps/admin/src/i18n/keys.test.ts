import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi } from './vi';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

/** Every literal key the screens ask for: t('a.b.c') (keys built at run time are checked by their own tests). */
function literalKeys(): string[] {
  const keys = new Set<string>();
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) keys.add(m[1] as string);
  }
  return [...keys].sort();
}

describe('interface texts', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', initAsync: false });
  const keys = literalKeys();

  it('finds the keys the screens use', () => {
    expect(keys.length).toBeGreaterThan(300);
  });

  it.each(['vi', 'en'])('has a %s text for every key a screen asks for', (lng) => {
    expect(keys.filter((key) => !i18n.exists(key, { lng }))).toEqual([]);
  });
});
