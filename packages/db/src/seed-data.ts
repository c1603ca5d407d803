/** Where the data files the demo seed needs live (copied from ../shared/data so the app runs without it). */
import { fileURLToPath } from 'node:url';

export const SEED_DATA_DIR = fileURLToPath(new URL('../seed-data', import.meta.url));
