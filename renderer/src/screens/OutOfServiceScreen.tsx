import { WifiOff, Wrench } from 'lucide-react';
import { translator } from '../i18n/messages';

export type OutOfServiceReason = 'config' | 'host';

const id = translator('id');
const en = translator('en');

/**
 * Shown when the kiosk cannot serve. It does not know the office's language choice (the config
 * may be what is broken), so it speaks Bahasa Indonesia with English below, in plain words.
 */
export function OutOfServiceScreen({ reason, secondsToRetry }: { reason: OutOfServiceReason; secondsToRetry?: number | undefined }) {
  const Drawing = reason === 'config' ? Wrench : WifiOff;
  const reasonKey = reason === 'config' ? 'outOfService.reason.config' : 'outOfService.reason.host';
  return (
    <main className="out-of-service" data-reason={reason}>
      <Drawing size={120} aria-hidden="true" />
      <div role="alert" className="out-of-service-message">
        <h1 className="question">{id('outOfService.title')}</h1>
        <p className="body-text">{id('outOfService.body')}</p>
        <p className="body-text muted">{id(reasonKey)}</p>
      </div>
      {secondsToRetry !== undefined && (
        <p className="body-text" aria-live="polite">
          {id('outOfService.retrying', { seconds: secondsToRetry })}
        </p>
      )}
      <p className="secondary-language" lang="en">
        {en('outOfService.title')}. {en('outOfService.body')}
      </p>
    </main>
  );
}
