/**
 * `npm run config:validate [-- <office dir>…]`: checks office configs, every service file they
 * list, and that every text has a current spoken clip; prints each problem as
 * `file: field.path: message`. Exit code 1 when anything is wrong, so IT staff can run it before
 * copying a config to a kiosk.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { configRootOf, formatProblem, loadConfig } from '../electron/services/config/load-config';
import { audioDirOf, listClipFiles, readManifest } from './audio/audio-files';
import { checkAudio, describeAudioProblem } from './audio/check-audio';
import { loadSpeechCatalogue } from './audio/speech-catalogue';

const args = process.argv.slice(2);
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
