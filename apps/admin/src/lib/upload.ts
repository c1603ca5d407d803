/** Uploads one file as raw bytes to /api/files (the server stores it and returns its id). */
import { i18n } from '../i18n/index';
import { CSRF_HEADERS } from './trpc';

/** `purpose: 'import'` lets a larger file through (the server's import limit, IMPORT_MAX_MB); evidence stays at 20 MB. */
export async function uploadFile(
  file: File,
  { purpose = 'evidence' }: { purpose?: 'evidence' | 'import' } = {},
): Promise<{ id: string; fileName: string; sizeBytes: number }> {
  if (purpose === 'evidence' && file.size > 20 * 1024 * 1024) throw new Error(i18n.t('errors.files.too_large'));
  const res = await fetch(purpose === 'import' ? '/api/files?purpose=import' : '/api/files', {
    method: 'POST',
    headers: {
      ...CSRF_HEADERS,
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
    },
    body: file,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
    // The import limit is the server's own (IMPORT_MAX_MB): its message names it.
    if (purpose === 'import' && body?.error === 'files.too_large' && body.message) throw new Error(body.message);
    const key = body?.error ? `errors.${body.error}` : 'errors.generic';
    throw new Error(i18n.t(key, { defaultValue: body?.message ?? i18n.t('errors.generic') }));
  }
  return res.json();
}
