import type { Logger } from '@ticketing/common';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { PaymentGateway, PaymentProvider } from '../gateway.ts';

/** What a payment command needs: booking's database, the gateways, a logger. */
export interface PaymentCommandDeps {
  db: Database;
  gateways: Partial<Record<PaymentProvider, PaymentGateway>>;
  logger: Logger;
}

export type CommandResult = 'done' | 'skipped';

export function gatewayFor(deps: PaymentCommandDeps, provider: PaymentProvider): PaymentGateway {
  const gateway = deps.gateways[provider];
  // A payment made through a provider this process cannot reach: retried, then parked for a person.
  if (!gateway) throw new Error(`no ${provider} gateway is configured in this process`);
  return gateway;
}

/** The part of each command every handler reads; the rest comes from the payment row itself. */
export const commandData = z.object({ orderId: z.uuid(), paymentId: z.uuid() });

/** A command that cannot run yet (a refund before its capture): the queue retries it later. */
export class NotYetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotYetError';
  }
}
