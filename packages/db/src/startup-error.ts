/** A reason the app cannot start that the operator can act on: said once, in Vietnamese and English, without a stack. */
export class StartupError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'StartupError';
  }

  /** The one line printed before the process exits non-zero. */
  line(): string {
    return `Không khởi động được: ${this.vi} | Cannot start: ${this.en}`;
  }
}
