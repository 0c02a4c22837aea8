import type { ConfigSnapshot, UnavailableService } from '../contract/bridge';
import type { Catalogue } from '../contract/central-api';
import { missingCase } from '../contract/result';
import { checkServiceDefinition } from '../flow/check-service-definition';
import type { ServiceDefinition } from '../flow/service-definition';

/**
 * Which services the kiosk offers: the office's signed catalogue from the server once one is
 * stored, else the host's own kiosk-config files (never enrolled, never synced, or a stored
 * catalogue this kiosk cannot use). Pure: the renderer reads IndexedDB and the host config and
 * asks here.
 */

/** What IndexedDB holds, already parsed by the caller (renderer/src/sync/stored-catalogue.ts). */
export type StoredCatalogue = { kind: 'none' } | { kind: 'unreadable'; detail: string } | { kind: 'catalogue'; catalogue: Catalogue };

/** A home-screen tile: a service to choose, or one listed but unusable (shown disabled, with its title). */
export type HomeTile = { kind: 'service'; service: ServiceDefinition } | { kind: 'unavailable'; service: UnavailableService };

/** Why a stored catalogue is not the one in use; each is said on the officers' sync panel. */
export type CatalogueUnused = 'unreadable' | 'office' | 'empty';

export type ServicesSource = { kind: 'catalogue'; version: string } | { kind: 'local'; unused: CatalogueUnused | null };

/** For the log (each distinct one once): why a stored catalogue is not used, or a service of it that cannot run here. */
export type CatalogueUseProblem = {
  event: 'catalogue.unreadable' | 'catalogue.other_office' | 'catalogue.no_usable_service' | 'catalogue.service_unusable';
  detail: Record<string, string>;
};

export type ServicesInUse = {
  source: ServicesSource;
  /** Home-screen tiles in the office's order. */
  tiles: HomeTile[];
  problems: CatalogueUseProblem[];
};

export function servicesInUse(host: ConfigSnapshot, stored: StoredCatalogue): ServicesInUse {
  switch (stored.kind) {
    case 'none':
      return local(host, null, []);
    case 'unreadable':
      return local(host, 'unreadable', [{ event: 'catalogue.unreadable', detail: { reason: stored.detail.slice(0, 200) } }]);
    case 'catalogue':
      return fromCatalogue(host, stored.catalogue);
    default:
      return missingCase(stored);
  }
}

/** The service behind a tile the resident may choose; undefined for an unusable or unknown id. */
export function chosenService(inUse: ServicesInUse, serviceId: string): ServiceDefinition | undefined {
  for (const tile of inUse.tiles) if (tile.kind === 'service' && tile.service.id === serviceId) return tile.service;
  return undefined;
}

/** The host's files, as the home screen always showed them: office.json's list and order. */
function local(host: ConfigSnapshot, unused: CatalogueUnused | null, problems: CatalogueUseProblem[]): ServicesInUse {
  const byId = new Map<string, HomeTile>([
    ...host.services.map((service) => [service.id, { kind: 'service', service }] as const),
    ...host.unavailable.map((service) => [service.id, { kind: 'unavailable', service }] as const),
  ]);
  const tiles = host.office.services.flatMap((id) => {
    const tile = byId.get(id);
    return tile === undefined ? [] : [tile];
  });
  return { source: { kind: 'local', unused }, tiles, problems };
}

/**
 * The catalogue's own list and order. The server builds it from the office's office.json
 * (central-api/src/domain/catalogue-source.ts): the office's `services`, in that order, minus
 * files that do not parse there. So it *is* the office's selection and order, as decided
 * centrally; the kiosk's local list is not laid over it, or a service added centrally would
 * never appear.
 *
 * The server only parses each file; the host also runs the cross-field checks (references,
 * review → submit → done, a translation for every language this kiosk enables) and the flow
 * engine relies on them. So each service is checked here against this kiosk's languages, and
 * one that fails is shown disabled, as the host shows a broken local file.
 */
function fromCatalogue(host: ConfigSnapshot, catalogue: Catalogue): ServicesInUse {
  if (catalogue.officeCode !== host.office.code) {
    return local(host, 'office', [{ event: 'catalogue.other_office', detail: { catalogueOffice: catalogue.officeCode, kioskOffice: host.office.code, version: catalogue.version } }]);
  }
  const problems: CatalogueUseProblem[] = [];
  const tiles: HomeTile[] = [];
  const seen = new Set<string>();
  for (const service of catalogue.services) {
    // Two tiles with one id would start the same flow and share React keys; the first wins.
    if (seen.has(service.id)) continue;
    seen.add(service.id);
    const issues = checkServiceDefinition(service, { locales: host.office.locales.enabled });
    if (issues.length === 0) {
      tiles.push({ kind: 'service', service });
      continue;
    }
    tiles.push({ kind: 'unavailable', service: { id: service.id, title: service.title, problems: issues } });
    const first = issues[0];
    problems.push({
      event: 'catalogue.service_unusable',
      detail: { version: catalogue.version, serviceId: service.id, problem: first === undefined ? '' : `${first.path}: ${first.message}`.slice(0, 200) },
    });
  }
  // A catalogue with nothing to choose can only come from broken files on the server (office.json
  // must list a service); the kiosk's own files still serve residents.
  if (!tiles.some((tile) => tile.kind === 'service')) {
    return local(host, 'empty', [...problems, { event: 'catalogue.no_usable_service', detail: { version: catalogue.version } }]);
  }
  return { source: { kind: 'catalogue', version: catalogue.version }, tiles, problems };
}
