/**
 * `pnpm bench` lists the benchmarks; `pnpm bench <name>` runs bench/<name>.bench.ts. Each prints
 * human-readable progress on stderr and, as its last line on stdout, one JSON object of figures.
 * Benchmarks are never part of the test command.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();

const name = process.argv[2];
if (!name) {
  console.log('benchmarks (pnpm bench <name>):');
  for (const bench of available) console.log(`  ${bench}`);
  console.log(JSON.stringify({ benchmarks: available }));
} else if (!available.includes(name)) {
  console.error(`no benchmark "${name}"; available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
} else {
  await import(pathToFileURL(join(here, `${name}.bench.ts`)).href);
  // A benchmark is done once it has printed its figures; whatever a library left open (sockets,
  // timers of clients it closed) must not keep it running. A benchmark that checks something
  // (chaos) sets the exit code.
  process.exit(process.exitCode ?? 0);
}
