import { useEffect, useState } from 'react';
import type { Bridge } from '../../../core/contract/bridge';

/**
 * Whether free disk is below the office's floor (sync.diskFloorMb), asked of the host each time
 * `active` turns true (the home screen is shown). While it is, no new submission can be taken and
 * the resident is told so up front rather than after answering every question. An unanswered check
 * counts as "not below": the save path checks again and the journal refuses by itself.
 */
export function useBelowFloor(bridge: Bridge, active: boolean): boolean {
  const [below, setBelow] = useState(false);
  useEffect(() => {
    if (!active) return;
    let current = true;
    void bridge.invoke('storage.status', {}).then((result) => {
      if (current) setBelow(result.ok && result.value.belowFloor);
    });
    return () => {
      current = false;
    };
  }, [bridge, active]);
  return below;
}
