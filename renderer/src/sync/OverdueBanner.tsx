import { TriangleAlert } from 'lucide-react';
import { overdueText } from '../../../core/sync/status';
import type { Translate } from '../i18n/messages';
import { say } from './say';
import { useNow, useSyncStatus } from './sync-context';
import './sync.css';

/**
 * "Ada 612 permohonan belum terkirim sejak 4 hari. Hubungi TI." for the officers who pass the home
 * screen. It only informs: residents keep choosing services and submitting, their applications
 * are safe on the kiosk and in the host journal.
 */
export function OverdueBanner({ t }: { t: Translate }) {
  const status = useSyncStatus();
  const now = useNow(60_000);
  const text = status === null ? null : overdueText(status, now);
  if (text === null) return null;
  return (
    <p className="sync-overdue sync-overdue-banner" role="status">
      <TriangleAlert size={40} aria-hidden="true" />
      <span>{say(t, text)}</span>
    </p>
  );
}
