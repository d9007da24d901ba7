/**
 * SFU node entry: start the node (node.ts) and stop cleanly on SIGTERM (registry entry removed
 * first, so signaling stops choosing this node).
 */
import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { loadSfuConfig } from './config.js';
import { startSfuNode } from './node.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

async function main(): Promise<void> {
  const node = await startSfuNode(loadSfuConfig(), version);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) node.log.error({ err }, 'stopping after an error');
    else node.log.info({ signal }, 'stopping');
    await node.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
