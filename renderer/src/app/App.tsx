import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Locale } from '../../../core/config/locale';
import type { ServiceDefinition } from '../../../core/flow/service-definition';
import { serviceSpeechTexts } from '../../../core/flow/speech-keys';
import { chosenService } from '../../../core/sync/services-in-use';
import type { BridgeConnection } from '../bridge/web-socket-bridge';
import { FlowRunner } from '../flow/FlowRunner';
import { translator } from '../i18n/messages';
import { AboutScreen } from '../screens/AboutScreen';
import { AttractScreen } from '../screens/AttractScreen';
import { HomeScreen } from '../screens/HomeScreen';
import { LanguageScreen } from '../screens/LanguageScreen';
import { OutOfServiceScreen } from '../screens/OutOfServiceScreen';
import { SpeechControls } from '../speech/SpeechControls';
import type { StoreState } from '../store/open-store';
import { recordHelpRequest } from '../store/help';
import { useBelowFloor } from '../store/use-below-floor';
import { useSpeech } from '../speech/SpeechProvider';
import { ServicesSourceContext } from '../sync/services-source-context';
import { HelpDialog, type HelpState } from '../ui/HelpDialog';
import { IdleWarning } from '../ui/IdleWarning';
import { KioskFrame } from '../ui/KioskFrame';
import { TextSizeToggle } from '../ui/TextSizeToggle';
import { useAppInfo } from './use-app-info';
import { useHostConfig } from './use-host-config';
import { useIdle } from './use-idle';
import { useServicesInUse } from './use-services-in-use';
import { wipeSessionTraces } from './wipe-session';

/**
 * A service screen holds the definition the resident chose, not its id: a catalogue (or host
 * config) that arrives mid-flow changes the home screen, never the flow under the resident's
 * fingers. The engine's session, the draft and the submission's serviceVersion all stay with the
 * definition they started with until the resident leaves.
 */
type Screen =
  | { name: 'attract' }
  | { name: 'language' }
  | { name: 'home' }
  | { name: 'service'; definition: ServiceDefinition }
  /** "Tentang", opened from `from`, where Kembali returns. */
  | { name: 'about'; from: 'language' | 'home' };

/** `store` comes from main.tsx: the kiosk serves residents only once personal data can be kept safely. */
export function App({ bridge, store }: { bridge: BridgeConnection; store: StoreState }) {
  const host = useHostConfig(bridge);
  const speech = useSpeech();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const appInfo = useAppInfo(bridge, screen.name === 'about');
  const [chosenLocale, setChosenLocale] = useState<Locale | undefined>();
  const [help, setHelp] = useState<HelpState>({ kind: 'closed' });
  const [largeText, setLargeText] = useState(false);
  /** Screens with a lot to read (consent, checklist, review) get the longer idle time. */
  const [reading, setReading] = useState(false);
  /** Bumped on every reset so the flow runner and its answers are dropped, not reused. */
  const [sessionKey, setSessionKey] = useState(0);

  const config = host.kind === 'ready' ? host.config : undefined;
  const offered = useServicesInUse(bridge, store.kind === 'ready' ? store.store.db : undefined, config);
  const locale: Locale = chosenLocale ?? config?.office.locales.default ?? 'id';
  const t = useMemo(() => translator(locale), [locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    document.documentElement.style.setProperty('--scale', largeText ? '1.5' : '1');
    document.documentElement.classList.toggle('large-text', largeText);
  }, [largeText]);
  useEffect(() => speech.setLocale(locale), [speech, locale]);

  /** Back to the attract screen with nothing of the last resident left behind. */
  const resetSession = useCallback(() => {
    speech.resetForSession();
    setScreen({ name: 'attract' });
    setChosenLocale(undefined);
    setHelp({ kind: 'closed' });
    setLargeText(false);
    setSessionKey((k) => k + 1);
    setReading(false);
    void wipeSessionTraces(store.kind === 'ready' ? store.store.db : undefined).then((wiped) => {
      if (!wiped.ok) void bridge.invoke('log.report', { level: 'error', event: 'session.wipe_failed', detail: { reason: wiped.error.message } });
    });
  }, [speech, bridge, store]);

  const idle = useIdle({
    enabled: screen.name !== 'attract' && host.kind === 'ready',
    warnAfterSeconds: (reading ? config?.office.idle.readingWarnAfterSeconds : config?.office.idle.warnAfterSeconds) ?? 60,
    countdownSeconds: config?.office.idle.countdownSeconds ?? 30,
    onExpire: resetSession,
  });
  useEffect(() => {
    if (idle.kind === 'warning' && idle.secondsLeft === config?.office.idle.countdownSeconds) speech.playPrompt(['ui.idle.spoken']);
  }, [idle, config, speech]);

  const belowFloor = useBelowFloor(bridge, screen.name === 'home');

  /**
   * The host rings the counter now; the request is also kept for the office's central view and
   * goes with the next sync. Keeping it is best effort: the bell is what the resident waits for.
   */
  const askForHelp = useCallback(
    (screenName: string, serviceId: string | undefined) => {
      if (store.kind === 'ready') {
        void recordHelpRequest(store.store.db, { screen: screenName, serviceId }, new Date()).then((recorded) => {
          if (!recorded.ok) void bridge.invoke('log.report', { level: 'warn', event: 'help.record_failed', detail: { reason: recorded.error.message } });
        });
      }
      return bridge.invoke('help.request', serviceId === undefined ? { screen: screenName, locale } : { screen: screenName, serviceId, locale });
    },
    [bridge, store, locale],
  );

  const callHelp = useCallback(() => {
    const serviceId = screen.name === 'service' ? screen.definition.id : undefined;
    void askForHelp(screen.name, serviceId).then((result) => setHelp({ kind: result.ok ? 'called' : 'failed' }));
  }, [askForHelp, screen]);

  const connecting = (
    <main className="connecting" aria-busy="true">
      <p className="body-text">{t('connecting')}</p>
    </main>
  );
  if (host.kind === 'connecting' || (host.kind === 'ready' && store.kind === 'opening')) return connecting;
  if (host.kind === 'out-of-service') return <OutOfServiceScreen reason={host.reason} secondsToRetry={host.secondsToRetry} />;
  // The host is up but gave no store key: nothing a resident enters could be kept safely.
  if (store.kind !== 'ready') return <OutOfServiceScreen reason="host" />;
  // Always there once the host config is (it is derived from it); the check is for the type.
  if (offered === undefined) return connecting;

  /** The tile's definition is pinned for the whole flow (see Screen); its texts tell the player which clips still say them. */
  const chooseService = (serviceId: string) => {
    const definition = chosenService(offered, serviceId);
    if (definition === undefined) return;
    speech.setServiceTexts(serviceSpeechTexts(definition));
    setScreen({ name: 'service', definition });
  };

  const { office } = host.config;
  const headerControls = (
    <>
      <SpeechControls t={t} />
      <TextSizeToggle t={t} large={largeText} onChange={setLargeText} />
    </>
  );
  const overlays = (
    <>
      <HelpDialog t={t} state={help} onClose={() => setHelp({ kind: 'closed' })} />
      <IdleWarning t={t} secondsLeft={idle.kind === 'warning' ? idle.secondsLeft : undefined} />
    </>
  );

  if (screen.name === 'attract') {
    return <AttractScreen t={t} officeName={office.name} onStart={() => setScreen(office.locales.enabled.length > 1 ? { name: 'language' } : { name: 'home' })} />;
  }

  if (screen.name === 'service') {
    const { definition } = screen;
    return (
      <ServicesSourceContext value={offered.source}>
        <FlowRunner
          key={`${sessionKey}/${definition.id}`}
          definition={definition}
          office={office}
          locale={locale}
          t={t}
          store={store.store}
          header={headerControls}
          onExit={resetSession}
          onLeave={() => setScreen({ name: 'home' })}
          onHelp={callHelp}
          onReadingChange={setReading}
          onSaveFailed={(failure) => {
            // The answers stay on screen; an officer is called to take the application by hand.
            const diskFull = failure.code === 'disk_full';
            setHelp({ kind: diskFull ? 'diskFull' : 'saveFailed' });
            void bridge.invoke('log.report', { level: 'error', event: 'submission.save_failed', detail: { code: failure.code, reason: failure.message } });
            void askForHelp(diskFull ? 'service.disk-full' : 'service.save-failed', definition.id);
          }}
        />
        {overlays}
      </ServicesSourceContext>
    );
  }

  const restart = resetSession;
  /**
   * "Tentang" (version, office, licences and credits) is for staff, so it is not on a resident's
   * way through a service, yet it must be open to anyone (ODbL's notice for the village data
   * cannot sit behind a PIN). It hangs off the language screen: every kiosk with a language
   * choice shows it, before any service, with two tiles and room to spare. An office with one
   * language skips that screen, so its home screen carries the link instead. Not the
   * out-of-service screen: it shows only when the kiosk cannot serve, and the credits are owed
   * while it does.
   */
  const oneLanguage = office.locales.enabled.length === 1;
  let content;
  let onBack: (() => void) | undefined;
  if (screen.name === 'language') {
    onBack = restart;
    content = (
      <LanguageScreen
        t={t}
        locales={office.locales.enabled}
        onChoose={(chosen) => {
          setChosenLocale(chosen);
          setScreen({ name: 'home' });
        }}
        onAbout={() => setScreen({ name: 'about', from: 'language' })}
      />
    );
  } else if (screen.name === 'about') {
    const back: Screen = screen.from === 'language' ? { name: 'language' } : { name: 'home' };
    onBack = () => setScreen(back);
    content = <AboutScreen t={t} office={office} appInfo={appInfo} />;
  } else {
    onBack = oneLanguage ? restart : () => setScreen({ name: 'language' });
    content = (
      <HomeScreen
        t={t}
        locale={locale}
        tiles={offered.tiles}
        belowFloor={belowFloor}
        onChoose={chooseService}
        onAbout={oneLanguage ? () => setScreen({ name: 'about', from: 'home' }) : undefined}
      />
    );
  }

  return (
    <ServicesSourceContext value={offered.source}>
      <KioskFrame t={t} officeName={office.name} onBack={onBack} onHelp={callHelp} header={headerControls}>
        {content}
      </KioskFrame>
      {overlays}
    </ServicesSourceContext>
  );
}
