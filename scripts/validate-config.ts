/**
 * `npm run config:validate [-- <office dir>…]`: checks office configs and every service file, and
 * prints each problem as `file: field.path: message`. Exit code 1 when anything is wrong, so IT
 * staff can run it before copying a config to a kiosk.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem, loadConfig } from '../electron/services/config/load-config';

const root = path.resolve(import.meta.dirname, '..', 'kiosk-config');
const args = process.argv.slice(2);
const officeDirs =
  args.length > 0
    ? args.map((dir) => path.resolve(dir))
    : (await readdir(path.join(root, 'offices'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(root, 'offices', e.name));

let problems = 0;
for (const officeDir of officeDirs) {
  const result = await loadConfig(officeDir);
  const name = path.relative(process.cwd(), officeDir) || officeDir;
  if (!result.ok) {
    problems += result.problems.length;
    console.log(`✗ ${name}: the office cannot start`);
    for (const problem of result.problems) console.log(`  ${formatProblem(problem)}`);
    continue;
  }
  const { services, unavailable } = result.snapshot;
  console.log(`${unavailable.length === 0 ? '✓' : '✗'} ${name}: ${services.length} services ready${unavailable.length === 0 ? '' : `, ${unavailable.length} unavailable`}`);
  for (const service of unavailable) {
    for (const problem of service.problems) {
      problems += 1;
      console.log(`  ${formatProblem({ file: `services/${service.id}.json`, ...problem })}`);
    }
  }
}
process.exitCode = problems === 0 ? 0 : 1;
