import { readFile } from 'node:fs/promises';
import type { DevLedgerEntry } from '../payments/dev-gateway.ts';

export type { DevLedgerEntry };

/**
 * What the development gateway did, read from its ledger file
 * (DEV_PAYMENTS_LEDGER): one entry per idempotency key, as a provider that
 * honours idempotency keys carries out a repeated call only once. A missing
 * file is an empty ledger.
 */
export async function readDevLedger(file: string): Promise<DevLedgerEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const byKey = new Map<string, DevLedgerEntry>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as DevLedgerEntry;
    const key = `${entry.call}:${entry.idempotencyKey}`;
    if (!byKey.has(key)) byKey.set(key, entry);
  }
  return [...byKey.values()];
}
