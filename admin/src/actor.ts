import type { Principal } from '@ticketing/common';

/**
 * Who is acting in the back office. An admin may act on every event; an
 * organizer only on events whose `organizer_id` is their own subject, and
 * anything else is answered as if it did not exist.
 */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function actorOf(user: Principal | undefined): Actor {
  // Routes that are not public always have a verified user; this guards the wiring.
  if (!user) throw new Error('a back-office route ran without a user');
  return { id: user.id, isAdmin: user.roles.includes('admin') };
}

export function mayManage(actor: Actor, organizerId: string): boolean {
  return actor.isAdmin || organizerId === actor.id;
}

/** The roles of the organizer's routes. */
export const organizerAccess = ['organizer', 'admin'] as const;
