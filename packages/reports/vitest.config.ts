import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real documents: rendered on the render threads (the first one starts them) and read back with
    // poppler and LibreOffice, on a machine that runs every package's tests at once.
    testTimeout: 60_000,
  },
});
