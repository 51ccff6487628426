/**
 * Browser-safe reading of the platform's Ed25519-signed texts: a ticket
 * code (`<keyId>.<base64url payload 36 B>.<base64url signature 64 B>`, see
 * ../ticket-code.ts) and a gate list (../gate-list.ts). Only bytes and the
 * exact signed message are made here; the signature itself is checked by
 * the caller's crypto (WebCrypto in a browser, node:crypto on a server),
 * so this module needs neither Buffer nor node.
 */

const ticketCodeLabel = 'ticket-code:v1:';
const gateListLabel = 'gate-list:v1:';
const base64url = /^[A-Za-z0-9_-]+$/;

export interface ParsedTicketCode {
  keyId: string;
  /** The bytes the signature covers: the format label, the key id and the payload. */
  signed: Uint8Array;
  signature: Uint8Array;
  claims: { ticketId: string; eventId: string; version: number };
}

export function base64urlBytes(text: string): Uint8Array | undefined {
  if (!base64url.test(text)) return undefined;
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const all = new Uint8Array(head.length + tail.length);
  all.set(head, 0);
  all.set(tail, head.length);
  return all;
}

function uuidText(bytes: Uint8Array): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The parts of a code, or undefined when its shape is wrong. Says nothing about its signature. */
export function parseTicketCode(code: string): ParsedTicketCode | undefined {
  const parts = code.trim().split('.');
  if (parts.length !== 3) return undefined;
  const [keyId, payloadText, signatureText] = parts as [string, string, string];
  if (!base64url.test(keyId)) return undefined;
  const payload = base64urlBytes(payloadText);
  const signature = base64urlBytes(signatureText);
  if (!payload || !signature || payload.length !== 36 || signature.length !== 64) return undefined;
  const version = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(32, false);
  return {
    keyId,
    signed: concat(new TextEncoder().encode(`${ticketCodeLabel}${keyId}:`), payload),
    signature,
    claims: { ticketId: uuidText(payload.subarray(0, 16)), eventId: uuidText(payload.subarray(16, 32)), version },
  };
}

/** The bytes a gate list's signature covers: its label, its key id and the payload text as received. */
export function gateListSignedBytes(keyId: string, payload: string): Uint8Array {
  return new TextEncoder().encode(`${gateListLabel}${keyId}:${payload}`);
}
