/**
 * Builds the server and worker into one ES module, dist/main.js, for production: `node dist/main.js`
 * starts in about half the time and memory of `node --import tsx src/main.ts` (tsx stays for development
 * and tests). Our workspace packages are bundled; every other package stays a real import, resolved from
 * the workspace package that uses it (pnpm keeps each package's dependencies next to it), and each of our
 * modules keeps its own `import.meta.url`, so files found relative to it (seed data, fonts) are found.
 * The output holds absolute paths into node_modules: build where you run (scripts/start.sh does).
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ownPackage = /^@cchc\//;

/** Third-party imports stay imports, of the exact file the importing workspace package would load. */
const externalFromImporter = {
  name: 'external-from-importer',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (ownPackage.test(args.path) || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length) return { errors: resolved.errors };
      // Node built-ins resolve to themselves.
      if (!resolved.path.startsWith('/')) return { path: args.path, external: true };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/** Each workspace module keeps the URL of its source file, as under tsx. */
const keepModuleUrl = {
  name: 'keep-module-url',
  setup(b) {
    b.onLoad({ filter: /\/(packages|apps)\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      };
    });
  },
};

const started = Date.now();
const result = await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalFromImporter, keepModuleUrl],
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`built dist/main.js (${(bytes / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`);
