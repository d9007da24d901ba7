/** Process entry: configuration, listen, and a graceful stop on SIGTERM/SIGINT. */
import { SentinelMasterUnknownError } from '@etapiste/sfu-control';
import closeWithGrace from 'close-with-grace';
import { createSignaling } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { SeedError } from './directory/seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const signaling = await createSignaling(config);
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) signaling.app.log.error({ err }, 'stopping after an error');
    else signaling.app.log.info({ signal }, 'stopping');
    await signaling.close();
  });
  await signaling.app.listen({ host: config.SIGNALING_HOST, port: config.SIGNALING_PORT });
}

main().catch((error: unknown) => {
  // Configuration and seed errors are the operator's to fix: one clear message, no stack.
  if (error instanceof ConfigError || error instanceof SeedError || error instanceof SentinelMasterUnknownError)
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
