/** Writing a benchmark's figures into docs/benchmarks.md: its own section is replaced, the others kept. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PATH = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

/** `table` starts with its "## <heading>" line; the section of the same heading is replaced or appended. */
export function writeSection(heading: string, table: string): void {
  let doc = '# Benchmarks\n\nRun on demand, never in the test suite. Figures below are from real runs.\n\n';
  try {
    doc = readFileSync(PATH, 'utf8');
  } catch {}
  const start = doc.indexOf(`## ${heading}`);
  if (start >= 0) {
    const end = doc.indexOf('\n## ', start + 3);
    doc = doc.slice(0, start) + table + (end >= 0 ? doc.slice(end + 1) : '');
  } else doc += `\n${table}`;
  writeFileSync(PATH, doc);
}
