export { startCatalog, type RunningCatalog } from './composition.ts';
export { catalogConfigShape, type CatalogConfig } from './config.ts';
export { createAvailabilityCache, type AvailabilityCache } from './availability/cache.ts';
export { availabilityDocument, availabilityDelta, type AvailabilityDocument } from './availability/schema.ts';
