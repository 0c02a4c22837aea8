import '@fontsource/atkinson-hyperlegible-next/latin-400.css';
import '@fontsource/atkinson-hyperlegible-next/latin-700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connectBridge } from './bridge/connect-bridge';
import { OutOfServiceScreen } from './screens/OutOfServiceScreen';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = connectBridge();

if ('error' in bridge) {
  root.render(<OutOfServiceScreen reason="host" secondsToRetry={0} />);
} else {
  // A CSP violation is a bug in our build or an injection attempt: IT staff must see it in the log.
  document.addEventListener('securitypolicyviolation', (event) => {
    void bridge.invoke('log.report', {
      level: 'error',
      event: 'csp.violation',
      detail: { directive: event.effectiveDirective, blocked: event.blockedURI.slice(0, 200) },
    });
  });
  root.render(
    <StrictMode>
      <App bridge={bridge} />
    </StrictMode>,
  );
}
