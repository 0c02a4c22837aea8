import { RefreshCw, X } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import { ageText, catalogueProblemKey, clockText, errorText, indicatorKey, overdueText, type SyncStatus } from '../../../core/sync/status';
import { missingCase } from '../../../core/contract/result';
import type { CatalogueUnused } from '../../../core/sync/services-in-use';
import type { MessageKey, Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { uiKey } from '../steps/ui-key';
import { say } from './say';
import { useServicesSource } from './services-source-context';
import { useNow, useSyncNow } from './sync-context';

/**
 * For officers and IT (there is no officer login yet, so it shows nothing personal: counts,
 * times, tracking codes and plain words). Pending count, last success, the last error and what to
 * do about it, the stored catalogue, whether the services on screen come from it or from the
 * kiosk's own files (and why not from it), why a new one was refused, and "Kirim sekarang".
 */
export function SyncPanel({ t, status, onClose }: { t: Translate; status: SyncStatus; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const now = useNow();
  const syncNow = useSyncNow();
  const source = useServicesSource();
  const { feedback } = useSpeech();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const error = errorText(status);
  const overdue = overdueText(status, now);
  // The clock line on its own when the heartbeat saw drift but nothing failed (yet).
  const clock = status.lastError?.code === 'clock_skew' ? null : clockText(status.clockSkewSeconds);
  const { attention, catalogue } = status;
  const busy = status.phase === 'syncing';
  return (
    <dialog ref={ref} className="sync-panel" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId} className="sync-panel-title">
        {t('sync.panel.title')}: {t(indicatorKey(status))}
      </h2>
      <p className="sync-panel-note">{t('sync.panel.note')}</p>
      {overdue !== null && <p className="sync-overdue">{say(t, overdue)}</p>}
      <ul className="sync-panel-facts">
        <li>{status.pending > 0 ? t('sync.panel.pending', { n: status.pending }) : t('sync.panel.pendingNone')}</li>
        <li>{status.lastSuccessAt === null ? t('sync.panel.lastSuccessNever') : t('sync.panel.lastSuccess', { ago: say(t, ageText(status.lastSuccessAt, now)) })}</li>
        {error !== null && status.lastError !== null && (
          <li className="sync-panel-problem">
            {t('sync.panel.lastError', { ago: say(t, ageText(status.lastError.at, now)) })} {say(t, error)}
          </li>
        )}
        {clock !== null && <li className="sync-panel-problem">{say(t, clock)}</li>}
        {attention.held > 0 && <li className="sync-panel-problem">{t('sync.panel.held', { n: attention.held, codes: attention.heldCodes.join(', ') })}</li>}
        {attention.conflicts > 0 && <li>{t('sync.panel.conflicts', { n: attention.conflicts, codes: attention.conflictCodes.join(', ') })}</li>}
        <li>
          {catalogue.version === null || catalogue.verifiedAt === null
            ? t('sync.panel.catalogueNone')
            : t('sync.panel.catalogue', { version: catalogue.version.slice(0, 8), ago: say(t, ageText(catalogue.verifiedAt, now)) })}
        </li>
        {source !== null && <li>{t(source.kind === 'catalogue' ? 'sync.panel.servicesCatalogue' : 'sync.panel.servicesLocal')}</li>}
        {source?.kind === 'local' && source.unused !== null && <li className="sync-panel-problem">{t(unusedKey(source.unused))}</li>}
        {catalogue.problem !== null && <li className="sync-panel-problem">{t(catalogueProblemKey(catalogue.problem))}</li>}
      </ul>
      <div className="sync-panel-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => {
            feedback.echo(uiKey('sync.panel.sendNow'));
            syncNow();
          }}
        >
          <RefreshCw size={40} aria-hidden="true" />
          <span>{busy ? t('sync.panel.sending') : t('sync.panel.sendNow')}</span>
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            feedback.echo(uiKey('help.close'));
            ref.current?.close();
          }}
        >
          <X size={40} aria-hidden="true" />
          <span>{t('help.close')}</span>
        </button>
      </div>
    </dialog>
  );
}

function unusedKey(unused: CatalogueUnused): MessageKey {
  switch (unused) {
    case 'office':
      return 'sync.panel.catalogueUnused.office';
    case 'unreadable':
      return 'sync.panel.catalogueUnused.unreadable';
    case 'empty':
      return 'sync.panel.catalogueUnused.empty';
    default:
      return missingCase(unused);
  }
}
