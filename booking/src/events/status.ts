import type { EventStatus } from '@ticketing/common';

/*
 * An event's lifecycle: draft -> published -> on_sale -> ended (and the
 * older `cancelled`). Before organizers had more than `published`, every
 * public read asked for exactly that status; the public statuses below keep
 * those reads meaning what they meant, for the events past publication too.
 */

export type { EventStatus };

/** Listed by the catalog and open to holds and sales (each drop's own window still decides when). */
export const publicStatuses: readonly EventStatus[] = ['published', 'on_sale'];

/** The public statuses as an SQL list, for `e.status IN ${publicStatusList}`. */
export const publicStatusList = `(${publicStatuses.map((s) => `'${s}'`).join(', ')})`;

export function isPublic(status: string): boolean {
  return (publicStatuses as readonly string[]).includes(status);
}

/** Which status each lifecycle step moves an event from, and to. */
export const transitions = {
  publish: { from: ['draft'], to: 'published' },
  openSale: { from: ['published'], to: 'on_sale' },
  end: { from: ['published', 'on_sale'], to: 'ended' },
} as const satisfies Record<string, { from: readonly EventStatus[]; to: EventStatus }>;
export type Transition = keyof typeof transitions;
