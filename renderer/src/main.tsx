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
import { OutOfServiceScreen } from './screens/OutOfServiceScreen';
import { SpeechProvider } from './speech/SpeechProvider';
import type { SpeechProblem } from './speech/speech-queue';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = connectBridge();

if ('error' in bridge) {
  root.render(<OutOfServiceScreen reason="host" />);
} else {
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
  root.render(
    <StrictMode>
      <AreaStoreContext value={areas}>
        <SpeechProvider onProblem={onSpeechProblem}>
          <App bridge={bridge} db={db} />
        </SpeechProvider>
      </AreaStoreContext>
    </StrictMode>,
  );
}
