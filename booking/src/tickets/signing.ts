import { devSecret, encodeTicketCode, loadTicketSigningKey, type TicketSigningKey } from '@ticketing/common';

/**
 * The key that signs ticket QR codes. Production must bring its own
 * (devSecret refuses the development default there); the gate and the
 * notifier verify with the public half only.
 */

// A fixed development key, so codes printed by one `npm start` still scan after a restart.
const developmentKey =
  '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIJJrB2yLZt8CKzt/+U3egdtVH6QKYM9etlXtrubtshd+\\n-----END PRIVATE KEY-----';

export const ticketConfigShape = {
  // Ed25519 private key signing ticket QR codes: PKCS#8 PEM (\n escapes allowed) or a private JWK with optional kid
  TICKET_SIGNING_KEY: devSecret(developmentKey),
};

const loaded = new Map<string, TicketSigningKey>();

/** The signing key of a configuration, parsed once per process. */
export function ticketSigningKey(config: { TICKET_SIGNING_KEY: string }): TicketSigningKey {
  let key = loaded.get(config.TICKET_SIGNING_KEY);
  if (!key) {
    key = loadTicketSigningKey(config.TICKET_SIGNING_KEY);
    loaded.set(config.TICKET_SIGNING_KEY, key);
  }
  return key;
}

/** The QR payload of a ticket at its current version; revoked tickets have none. */
export function ticketCode(
  key: TicketSigningKey,
  ticket: { id: string; event_id: string; version: number; status: string },
): string | null {
  if (ticket.status !== 'valid') return null;
  return encodeTicketCode({ ticketId: ticket.id, eventId: ticket.event_id, version: ticket.version }, key);
}
