import { existsSync } from 'node:fs';
import path from 'node:path';
import { configRootOf } from '../services/config/load-config';
import { createHost } from '../services/host';
import { appRoot, packageVersion, readEnvironment } from '../services/environment';
import { createLogger, type Logger } from '../services/logs/logger';
import { startWebHost, type RunningWebHost } from './server';

/** Starts host services and the web host from the environment; shared by `serve` and `start`. */
export async function launchWebHost(
  moduleUrl: string,
): Promise<{ ok: true; web: RunningWebHost; logger: Logger; dataDir: string } | { ok: false; message: string }> {
  const root = appRoot(moduleUrl);
  const env = readEnvironment(process.env, root);
  if (!env.ok) return env;
  const logger = createLogger({ dir: path.join(env.value.dataDir, 'logs'), level: env.value.logLevel, stdout: true });
  const host = createHost({
    shell: 'web',
    runtime: `node ${process.versions.node}`,
    version: packageVersion(root),
    officeDir: env.value.officeDir,
    dataDir: env.value.dataDir,
    devicesFile: env.value.devicesFile,
    diskFloorMbOverride: env.value.diskFloorMb,
    logger,
  });
  await host.start();
  const rendererDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    return { ok: false, message: `The renderer is not built (${rendererDir} has no index.html): run "npm run build".` };
  }
  try {
    const web = await startWebHost({ host, logger, rendererDir, audioDir: path.join(configRootOf(env.value.officeDir), 'audio'), port: env.value.port, connectOrigins: host.connectOrigins });
    return { ok: true, web, logger, dataDir: env.value.dataDir };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message:
        code === 'EADDRINUSE'
          ? `Port ${env.value.port} is already in use: stop the other Tuntun or set PORT to a free port.`
          : `The web host could not start: ${(error as Error).message}`,
    };
  }
}
