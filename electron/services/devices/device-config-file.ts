import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DeviceConfig } from '../../../core/config/device-config';
import { formatPath, type Issue } from '../../../core/contract/result';

/**
 * Reads `devices.json`. No file means a kiosk without devices (nothing printed, nothing waited
 * for); a file that does not parse is refused whole, each problem as `devices.json: field: message`,
 * and the kiosk runs on without devices rather than with half a configuration.
 */
export const DEVICES_FILE = 'devices.json';

export type DeviceConfigFile = { kind: 'none' } | { kind: 'ok'; config: DeviceConfig } | { kind: 'invalid'; problems: Issue[] };

export async function readDeviceConfig(file: string): Promise<DeviceConfigFile> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'invalid', problems: [{ path: `${name}: (file)`, message: `Cannot read: ${(error as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', problems: [{ path: `${name}: (file)`, message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = DeviceConfig.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', problems: parsed.error.issues.map((issue) => ({ path: `${name}: ${formatPath(issue.path)}`, message: issue.message })) };
  return { kind: 'ok', config: parsed.data };
}
