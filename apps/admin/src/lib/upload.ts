/** Uploads one file as raw bytes to /api/files (the server stores it and returns its id). */
import { i18n } from '../i18n/index';

export async function uploadFile(file: File): Promise<{ id: string; fileName: string; sizeBytes: number }> {
  if (file.size > 20 * 1024 * 1024) throw new Error(i18n.t('errors.files.too_large'));
  const res = await fetch('/api/files', {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
    const key = body?.error ? `errors.${body.error}` : 'errors.generic';
    throw new Error(i18n.t(key, { defaultValue: body?.message ?? i18n.t('errors.generic') }));
  }
  return res.json();
}
