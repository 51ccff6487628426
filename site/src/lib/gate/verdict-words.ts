import type { ScanResult } from '@ticketing/common/contracts/gate';
import { formatShortDateTime } from '../format.ts';
import type { Verdict } from './gate-device.ts';

/** A scan's answer as a steward reads it at a glance: a headline and the reason in words. */
export function verdictWords(verdict: Verdict, timeZone: string): { ok: boolean; headline: string; reason: string } {
  const headlines: Record<ScanResult, string> = {
    valid: 'Valid: let them in',
    already_used: 'Already used',
    revoked: 'Revoked',
    reissued: 'Old ticket: reissued',
    wrong_event: 'Wrong event',
    invalid: 'Not a valid ticket',
  };
  const reasons: Record<ScanResult, string> = {
    valid: 'This ticket is good for this event and has not been used.',
    already_used: verdict.firstUsedAt
      ? `Already used at gate ${verdict.firstGateId || 'unknown'} at ${formatShortDateTime(verdict.firstUsedAt, timeZone)}.`
      : 'This ticket was already used.',
    revoked: 'This ticket was refunded or cancelled and no longer opens the door.',
    reissued: 'A newer copy of this ticket was issued; ask for the latest QR code.',
    wrong_event: 'This ticket is for a different event.',
    invalid: 'This code is not a ticket we issued, or it was damaged.',
  };
  return { ok: verdict.result === 'valid', headline: headlines[verdict.result], reason: reasons[verdict.result] };
}
