import { z } from 'zod';
import { instanceScoped, url } from '../config.ts';
import { deadLetterExchange, eventsExchange } from '../events.ts';
import type { ExchangeNames } from './topology.ts';

/** Variables of every process that publishes or consumes booking's events. */
export const messagingConfig = {
  // RabbitMQ; rabbitmq-client reconnects on its own
  AMQP_URL: url('amqp://guest:guest@127.0.0.1:5672'),
  // topic exchange of booking's events (tests use their own)
  EVENTS_EXCHANGE: instanceScoped(z.string().min(1).default(eventsExchange)),
  // dead-letter exchange for retries and parked messages
  EVENTS_DEAD_LETTER_EXCHANGE: instanceScoped(z.string().min(1).default(deadLetterExchange)),
};

export function exchangeNamesOf(config: {
  EVENTS_EXCHANGE: string;
  EVENTS_DEAD_LETTER_EXCHANGE: string;
}): ExchangeNames {
  return { exchange: config.EVENTS_EXCHANGE, deadLetterExchange: config.EVENTS_DEAD_LETTER_EXCHANGE };
}
