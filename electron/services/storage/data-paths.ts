import path from 'node:path';

/**
 * Where the host keeps its own data inside the data dir (KIOSK_DATA_DIR). One place, so the host,
 * `npm run kiosk` and the tests can never disagree about a file name.
 *
 * ```
 * <dataDir>/                0700  refused at start when group or others have any access
 * <dataDir>/secrets/        0700
 *   device.json             0600  device identity + sealed device secret
 *   store-key.json          0600  sealed key for IndexedDB personal fields and the journal
 * <dataDir>/journal/        0700
 *   submissions.journal     0600  encrypted append-only journal of unsent submissions
 * <dataDir>/logs/           0700
 *   tuntun.log              0600  JSON lines for IT staff
 * <dataDir>/queue/          0700
 *   tickets.json            0600  this kiosk's own queue numbers and counters (queue/queue-file.ts)
 * <dataDir>/chromium-profile/ 0700  the web host's Chromium profile (IndexedDB: sealed submissions)
 * <dataDir>/electron/       0700  Electron's userData when KIOSK_DATA_DIR is set
 * ```
 */
export type DataPaths = {
  dataDir: string;
  secretsDir: string;
  deviceFile: string;
  storeKeyFile: string;
  journalDir: string;
  journalFile: string;
  logsDir: string;
  browserProfileDir: string;
  electronDir: string;
  queueDir: string;
  queueFile: string;
};

export function dataPaths(dataDir: string): DataPaths {
  const secretsDir = path.join(dataDir, 'secrets');
  const journalDir = path.join(dataDir, 'journal');
  const queueDir = path.join(dataDir, 'queue');
  return {
    dataDir,
    secretsDir,
    deviceFile: path.join(secretsDir, 'device.json'),
    storeKeyFile: path.join(secretsDir, 'store-key.json'),
    journalDir,
    journalFile: path.join(journalDir, 'submissions.journal'),
    logsDir: path.join(dataDir, 'logs'),
    browserProfileDir: path.join(dataDir, 'chromium-profile'),
    electronDir: path.join(dataDir, 'electron'),
    queueDir,
    queueFile: path.join(queueDir, 'tickets.json'),
  };
}
