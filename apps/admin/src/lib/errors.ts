/** Turns an error from the server into a sentence for the user, in the current language. */
import type { TFunction } from 'i18next';
import { httpStatusOf, isTrpcError } from './trpc';

/**
 * Where the text of a service error code lives: under `errors.` (e.g. errors.plans.bad_group) or at the
 * code itself (e.g. feedback.action_not_allowed); a code that is already an `errors.` key is used as is.
 */
export function errorKeys(code: string): string[] {
  return code.startsWith('errors.') ? [code] : [`errors.${code}`, code];
}

export function errorMessage(error: unknown, t: TFunction): string {
  if (!isTrpcError(error)) return t('errors.generic');
  const data = error.data;
  if (!data) return t('errors.network');
  if (data.appCode) {
    const key = data.appCode;
    return t(errorKeys(key), { ...(data.params ?? {}), defaultValue: error.message });
  }
  const status = httpStatusOf(error);
  if (status === 403) return t('errors.forbidden');
  if (status === 413) return t('errors.tooLarge');
  if (data.fieldErrors) return t('errors.invalidInput');
  if (status !== undefined && status >= 500) return t('errors.generic');
  return error.message || t('errors.generic');
}

/** Field errors from the server's validation, for a Mantine form's setErrors. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isTrpcError(error) || !error.data?.fieldErrors) return {};
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(error.data.fieldErrors as Record<string, string[] | undefined>)) {
    if (messages?.[0]) out[field] = messages[0];
  }
  return out;
}
