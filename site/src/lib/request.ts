import { catalogSettings, createCatalogClient } from './catalog.ts';

/** The catalog as this server process is configured to reach it; settings are read at run time, not build time. */
export function catalogForRequest() {
  const settings = catalogSettings();
  return { settings, catalog: createCatalogClient(settings) };
}
