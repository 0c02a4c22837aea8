import '@fontsource/atkinson-hyperlegible-next/latin-400.css';
import '@fontsource/atkinson-hyperlegible-next/latin-700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AreaStoreContext } from './area/area-context';
import { startAreaData } from './area/area-source';
import { connectBridge } from './bridge/connect-bridge';
import { openKioskDb } from './db/db';
import type { KioskStore } from './store/kiosk-store';
import { openStore, type StoreState } from './store/open-store';
import { purgeReceived, purgeSentAudit } from './store/purge';
import { reconcile } from './store/reconcile';
import { sealLegacy } from './store/seal-legacy';
import { SpeechProvider } from './speech/SpeechProvider';
import type { SpeechProblem } from './speech/speech-queue';
import { startSync, type SyncClient } from './sync/start-sync';
import { SyncContext } from './sync/sync-context';
import { META, readMeta } from './sync/sync-meta';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = connectBridge();

// A CSP violation is a bug in our build or an injection attempt: IT staff must see it in the log.
document.addEventListener('securitypolicyviolation', (event) => {
  void bridge.invoke('log.report', {
    level: 'error',
    event: 'csp.violation',
    detail: { directive: event.effectiveDirective, blocked: event.blockedURI.slice(0, 200) },
  });
});
const onSpeechProblem = (problem: SpeechProblem) => {
  void bridge.invoke('log.report', {
    level: 'warn',
    event: `speech.${problem.kind}`,
    detail: problem.kind === 'manifest-unavailable' ? { detail: problem.detail } : { key: problem.key, locale: problem.locale },
  });
};
const db = openKioskDb();
// The 83,762 villages load into IndexedDB on the first start, while the attract screen shows.
const areas = startAreaData(db, {
  onFailure: (failure) => void bridge.invoke('log.report', { level: 'error', event: 'areas.load_failed', detail: { code: failure.code, reason: failure.message } }),
});
const log = (level: 'info' | 'warn' | 'error', event: string, detail: Record<string, string | number | boolean>) =>
  void bridge.invoke('log.report', { level, event, detail });

// Sync (renderer/src/sync): a Web Worker started once the store key is here, status for the screens.
let sync: SyncClient | null = null;

// Rendered again with each store state; React keeps the App's own state across.
const render = (store: StoreState) =>
  root.render(
    <StrictMode>
      <AreaStoreContext value={areas}>
        <SpeechProvider onProblem={onSpeechProblem}>
          <SyncContext value={sync}>
            <App bridge={bridge} store={store} />
          </SyncContext>
        </SpeechProvider>
      </AreaStoreContext>
    </StrictMode>,
  );
render({ kind: 'opening' });

/**
 * After the key, in the background (the first resident does not wait): seal what a v1 database
 * left in plaintext, make the journal and IndexedDB agree, then purge received personal data
 * now and every hour.
 */
const maintain = async (store: KioskStore) => {
  try {
    const sealed = await sealLegacy(store.db, store.key);
    if (sealed > 0) log('info', 'store.legacy_sealed', { rows: sealed });
  } catch (error) {
    log('error', 'store.legacy_seal_failed', { reason: error instanceof Error ? error.name : 'Error' });
  }
  const reconciled = await reconcile(store);
  if (reconciled.ok) {
    const counts = reconciled.value;
    const trouble = counts.corrupt > 0 || counts.failed > 0;
    log(trouble ? 'error' : 'info', 'store.reconciled', counts);
  } else {
    log('error', 'store.reconcile_failed', { code: reconciled.error.code, reason: reconciled.error.message });
  }
  const purge = async () => {
    // The retention period is the office's (sync.purgeAfterDays); asked each time so a change applies.
    const config = await bridge.invoke('config.current', {});
    if (!config.ok) return;
    try {
      const days = config.value.office.sync.purgeAfterDays;
      const purged = await purgeReceived(store.db, new Date(), days);
      const sentThrough = (await readMeta<number>(store.db, META.auditSentThrough)) ?? 0;
      const trimmed = await purgeSentAudit(store.db, new Date(), days, sentThrough);
      if (purged > 0 || trimmed > 0) log('info', 'store.purged', { rows: purged, auditEntries: trimmed });
    } catch (error) {
      log('error', 'store.purge_failed', { reason: error instanceof Error ? error.name : 'Error' });
    }
  };
  await purge();
  setInterval(() => void purge(), PURGE_INTERVAL_MS);
};

openStore(bridge, db, {
  state: (state) => {
    if (state.kind === 'ready') sync ??= startSync({ bridge, db: state.store.db, storeKey: state.store.key });
    render(state);
    if (state.kind === 'ready') void maintain(state.store);
  },
  problem: (event, reason) => log('error', event, { reason }),
});
