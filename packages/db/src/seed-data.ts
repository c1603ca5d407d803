/** Where the data files shipped with the app live (copied from ../shared/data so the app runs without it). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DATA_DIR = fileURLToPath(new URL('../seed-data', import.meta.url));
/** Administrative units before and after 1/7/2025 with the old→new mapping (see its LICENSE files). */
export const ADMIN_UNITS_DIR = join(SEED_DATA_DIR, 'admin-units');
/** 2,039 procedures of the national procedure catalogue, in the dichvucong list format. */
export const CATALOGUE_SAMPLE = join(SEED_DATA_DIR, 'procedures', 'tthc_national_sample.csv');
