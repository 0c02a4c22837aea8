import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../core/contract/bridge';
import type { BridgeConnection } from '../bridge/web-socket-bridge';

/**
 * The host's name, version and shell for the "Tentang" screen, asked for when `wanted` (the
 * screen is open; the bridge is up by then, where at the App's first render it is still
 * connecting). Undefined until, or unless, the host answers; asked again the next time.
 */
export function useAppInfo(bridge: BridgeConnection, wanted: boolean): AppInfo | undefined {
  const [info, setInfo] = useState<AppInfo | undefined>();
  useEffect(() => {
    if (!wanted || info !== undefined) return undefined;
    let live = true;
    void bridge.invoke('app.info', {}).then((result) => {
      if (live && result.ok) setInfo(result.value);
    });
    return () => {
      live = false;
    };
  }, [bridge, wanted, info]);
  return info;
}
