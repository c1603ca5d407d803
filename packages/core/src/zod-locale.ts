/** Zod's built-in messages in Vietnamese, for the server and the admin app alike. */
import { z } from 'zod';

z.config(z.locales.vi());
