import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { errorKeys } from './errors';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every error code a service can send: the second argument of `new AppError(kind, code, …)`. */
function serverErrorCodes(): string[] {
  const codes = new Set<string>();
  for (const dir of ['packages/core/src', 'packages/api/src', 'apps/server/src']) {
    for (const file of sources(join(ROOT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/new AppError\(\s*[^,()]+?,\s*'([a-z_.]+)'/g))
        codes.add(m[1] as string);
    }
  }
  return [...codes].sort();
}

describe('error messages', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', initAsync: false });
  const codes = serverErrorCodes();

  it('finds the codes the services raise', () => {
    expect(codes.length).toBeGreaterThan(50);
    expect(codes).toContain('feedback.action_not_allowed');
  });

  it.each(['vi', 'en'])('has a %s text for every error code a service can send', (lng) => {
    const missing = codes.filter((code) => !errorKeys(code).some((key) => i18n.exists(key, { lng })));
    expect(missing).toEqual([]);
  });
});
