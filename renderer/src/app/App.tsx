import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Locale } from '../../../core/config/locale';
import type { BridgeConnection } from '../bridge/web-socket-bridge';
import { translator } from '../i18n/messages';
import { AttractScreen } from '../screens/AttractScreen';
import { HomeScreen } from '../screens/HomeScreen';
import { LanguageScreen } from '../screens/LanguageScreen';
import { OutOfServiceScreen } from '../screens/OutOfServiceScreen';
import { ServiceScreen } from '../screens/ServiceScreen';
import { HelpDialog, type HelpState } from '../ui/HelpDialog';
import { KioskFrame } from '../ui/KioskFrame';
import { useHostConfig } from './use-host-config';

type Screen = { name: 'attract' } | { name: 'language' } | { name: 'home' } | { name: 'service'; serviceId: string };

export function App({ bridge }: { bridge: BridgeConnection }) {
  const host = useHostConfig(bridge);
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [chosenLocale, setChosenLocale] = useState<Locale | undefined>();
  const [help, setHelp] = useState<HelpState>({ kind: 'closed' });

  const config = host.kind === 'ready' ? host.config : undefined;
  const locale: Locale = chosenLocale ?? config?.office.locales.default ?? 'id';
  const t = useMemo(() => translator(locale), [locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const callHelp = useCallback(() => {
    const serviceId = screen.name === 'service' ? screen.serviceId : undefined;
    void bridge
      .invoke('help.request', serviceId === undefined ? { screen: screen.name, locale } : { screen: screen.name, serviceId, locale })
      .then((result) => setHelp({ kind: result.ok ? 'called' : 'failed' }));
  }, [bridge, screen, locale]);

  if (host.kind === 'connecting') {
    return (
      <main className="connecting" aria-busy="true">
        <p className="body-text">{t('connecting')}</p>
      </main>
    );
  }
  if (host.kind === 'out-of-service') return <OutOfServiceScreen reason={host.reason} secondsToRetry={host.secondsToRetry} />;

  const { office } = host.config;
  const restart = () => {
    setChosenLocale(undefined);
    setScreen({ name: 'attract' });
  };

  if (screen.name === 'attract') {
    return <AttractScreen t={t} officeName={office.name} onStart={() => setScreen(office.locales.enabled.length > 1 ? { name: 'language' } : { name: 'home' })} />;
  }

  let content;
  let onBack: (() => void) | undefined;
  switch (screen.name) {
    case 'language':
      onBack = restart;
      content = (
        <LanguageScreen
          t={t}
          locales={office.locales.enabled}
          onChoose={(chosen) => {
            setChosenLocale(chosen);
            setScreen({ name: 'home' });
          }}
        />
      );
      break;
    case 'home':
      onBack = office.locales.enabled.length > 1 ? () => setScreen({ name: 'language' }) : restart;
      content = <HomeScreen t={t} locale={locale} config={host.config} onChoose={(serviceId) => setScreen({ name: 'service', serviceId })} />;
      break;
    case 'service': {
      onBack = () => setScreen({ name: 'home' });
      const service = host.config.services.find((s) => s.id === screen.serviceId);
      content = service === undefined ? <HomeScreen t={t} locale={locale} config={host.config} onChoose={(serviceId) => setScreen({ name: 'service', serviceId })} /> : <ServiceScreen service={service} locale={locale} />;
      break;
    }
  }

  return (
    <>
      <KioskFrame t={t} officeName={office.name} onBack={onBack} onHelp={callHelp}>
        {content}
      </KioskFrame>
      <HelpDialog t={t} state={help} onClose={() => setHelp({ kind: 'closed' })} />
    </>
  );
}
