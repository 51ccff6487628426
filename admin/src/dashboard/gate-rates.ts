import { readScanRates, type Actor, type Database } from '@ticketing/booking/back-office';

/*
 * The door's pace beside the sale: each gate of an event with its scans over
 * the last hour and its admissions per minute over the last full minute.
 * Booking counts them from the scans table (scans/rates.ts), by the time the
 * device scanned, so offline scans count when they happened.
 */

const windowMinutes = 60;
const bucketSeconds = 60;

export interface GateRates {
  eventId: string;
  gates: Array<{ gateId: string; scans: number; admitted: number; refused: number; admittedPerMinute: number }>;
  /** When they were counted. */
  at: string;
}

export async function gateRates(db: Database, actor: Actor, eventId: string): Promise<GateRates> {
  const rates = await readScanRates(db, actor, eventId, { windowMinutes, bucketSeconds });
  return {
    eventId: rates.eventId,
    gates: rates.gates.map(({ gateId, scans, admitted, refused, admittedPerMinute }) => ({
      gateId,
      scans,
      admitted,
      refused,
      admittedPerMinute,
    })),
    at: rates.to,
  };
}
