import { createContext, useContext } from 'react';
import type { ServicesSource } from '../../../core/sync/services-in-use';

/**
 * Where the services on screen come from (the server's catalogue or the kiosk's own files), for the
 * officers' sync panel. Provided by the App, which decides it; null where nothing provides it
 * (a view rendered on its own), and the panel then says nothing about it.
 */
export const ServicesSourceContext = createContext<ServicesSource | null>(null);

export function useServicesSource(): ServicesSource | null {
  return useContext(ServicesSourceContext);
}
