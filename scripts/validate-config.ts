/**
 * `npm run config:validate [-- <office dir>…] [--devices <file>…]`: checks office configs, every
 * service file they list, each office's devices.json (and any kiosk's own devices file given with
 * --devices), and that every text has a current spoken clip; prints each problem as
 * `file: field.path: message`. Exit code 1 when anything is wrong, so IT staff can run it before
 * copying a config to a kiosk.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { configRootOf, formatProblem, loadConfig } from '../electron/services/config/load-config';
import { DEVICES_FILE, readDeviceConfig } from '../electron/services/devices/device-config-file';
import { audioDirOf, listClipFiles, readManifest } from './audio/audio-files';
import { checkAudio, describeAudioProblem } from './audio/check-audio';
import { loadSpeechCatalogue } from './audio/speech-catalogue';

const argv = process.argv.slice(2);
const deviceFiles = argv.flatMap((arg, i) => (argv[i - 1] === '--devices' ? [path.resolve(arg)] : []));
const args = argv.filter((arg, i) => arg !== '--devices' && argv[i - 1] !== '--devices');
const shippedRoot = path.resolve(import.meta.dirname, '..', 'kiosk-config');
const officeDirs =
  args.length > 0
    ? args.map((dir) => path.resolve(dir))
    : (await readdir(path.join(shippedRoot, 'offices'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(shippedRoot, 'offices', e.name));

let problems = 0;
const report = (line: string) => {
  problems += 1;
  console.log(`  ${line}`);
};

for (const officeDir of officeDirs) {
  const result = await loadConfig(officeDir);
  const name = path.relative(process.cwd(), officeDir) || officeDir;
  if (!result.ok) {
    console.log(`✗ ${name}: the office cannot start`);
    for (const problem of result.problems) report(formatProblem(problem));
    continue;
  }
  const { services, unavailable } = result.snapshot;
  console.log(`${unavailable.length === 0 ? '✓' : '✗'} ${name}: ${services.length} services ready${unavailable.length === 0 ? '' : `, ${unavailable.length} unavailable`}`);
  for (const service of unavailable) {
    for (const problem of service.problems) report(formatProblem({ file: `services/${service.id}.json`, ...problem }));
  }
  await checkDevices(path.join(officeDir, DEVICES_FILE), false);
}
for (const file of deviceFiles) await checkDevices(file, true);

/** A devices file: the roles it sets up and their drivers, or each problem with its field. */
async function checkDevices(file: string, required: boolean): Promise<void> {
  const name = path.relative(process.cwd(), file) || file;
  const devices = await readDeviceConfig(file);
  switch (devices.kind) {
    case 'none':
      if (required) {
        console.log(`✗ ${name}: not found`);
        report(`${name}: (file): File not found`);
      } else console.log(`- ${name}: none, so this office's kiosks have no printer unless KIOSK_DEVICES names one`);
      return;
    case 'invalid':
      console.log(`✗ ${name}: the kiosk will run without devices`);
      for (const problem of devices.problems) report(`${problem.path}: ${problem.message}`);
      return;
    case 'ok': {
      const roles = Object.entries(devices.config).flatMap(([role, device]) => (typeof device === 'object' ? [`${role} ${device.driver}`] : []));
      console.log(`✓ ${name}: ${roles.length === 0 ? 'no devices' : roles.join(', ')}`);
      return;
    }
  }
}

// Spoken clips: one per text and enabled language, made from the current text.
for (const configRoot of new Set(officeDirs.map(configRootOf))) {
  const catalogue = await loadSpeechCatalogue(configRoot);
  const audioDir = audioDirOf(configRoot);
  const manifest = await readManifest(audioDir);
  const audioProblems = checkAudio({
    entries: catalogue.entries,
    manifest: manifest.kind === 'ok' ? manifest.manifest : null,
    files: await listClipFiles(audioDir),
    protectedPrefixes: catalogue.protectedPrefixes,
  });
  const where = path.relative(process.cwd(), audioDir) || audioDir;
  console.log(`${audioProblems.length === 0 ? '✓' : '✗'} ${where}: ${audioProblems.length === 0 ? 'every text has its clip' : `${audioProblems.length} clip problems (run npm run audio)`}`);
  for (const problem of audioProblems) report(`audio: ${describeAudioProblem(problem)}`);
}

process.exitCode = problems === 0 ? 0 : 1;
