/**
 * Errors a service raises for the user to read. `code` is an i18n key the admin app
 * translates; `message` is the Vietnamese text for any other client.
 */
export type AppErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_many_requests';

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly params: Record<string, string | number>;

  constructor(kind: AppErrorKind, code: string, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.params = params;
  }
}

export const notFound = (what: string) => new AppError('not_found', 'errors.not_found', `Không tìm thấy ${what}.`, { what });
