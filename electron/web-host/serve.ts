/**
 * `npm run serve`: the web host without a browser, for automation and for offices that run their
 * own Chromium kiosk. Prints one line with the address when ready.
 */
import { launchWebHost } from './launch';

const launched = await launchWebHost(import.meta.url);
if (!launched.ok) {
  process.stderr.write(`${launched.message}\n`);
  process.exit(1);
}
const { web, logger } = launched;
process.stdout.write(`Tuntun web host ready at ${web.url}\n`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  logger.info('web_host.stopping', { signal });
  void web.close().then(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
