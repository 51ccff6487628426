import { adminConfigShape } from '@ticketing/admin';
import { bookingConfigShape, relayConfigShape } from '@ticketing/booking/processes';
import { catalogConfigShape } from '@ticketing/catalog';
import { ConfigError, instanceEnvironment, parseConfig } from '@ticketing/common';
import { notifierConfigShape } from '@ticketing/notifier';
import { waitingRoomConfigShape } from '@ticketing/waiting-room';

/**
 * Every process role's configuration, given only what an instance derives,
 * starts on the instance's own names and keys; given the instance's name
 * alone, it refuses rather than fall back on the default stack's.
 */
const shapes = {
  booking: bookingConfigShape,
  relay: relayConfigShape,
  'waiting-room': waitingRoomConfigShape,
  catalog: catalogConfigShape,
  admin: adminConfigShape,
  notifier: notifierConfigShape,
};

const instance = instanceEnvironment('gamma');

test.each(Object.entries(shapes))('%s starts from the instance’s variables alone', (_role, shape) => {
  const config = parseConfig(shape, instance) as Record<string, unknown>;
  for (const [name, value] of Object.entries(config)) {
    if (instance[name] !== undefined && typeof value === 'string')
      expect({ name, value }).toEqual({ name, value: instance[name] });
  }
  if ('DATABASE_URL' in config) expect(config.DATABASE_URL).toBe(instance.DATABASE_URL);
});

test.each(Object.entries(shapes))('%s refuses the default stack’s values when only the name is set', (_role, shape) => {
  expect(() => parseConfig(shape, { TICKETING_INSTANCE: 'gamma' })).toThrow(ConfigError);
});
