/** The state of a background import run (dossiers, monthly counts, feedback). */
export const IMPORT_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];
