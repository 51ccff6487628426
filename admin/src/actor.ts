import type { Actor } from '@ticketing/booking/back-office';
import type { Principal } from '@ticketing/common';

/**
 * Who acts, as booking's use cases need to know it: the signed-in user, an
 * admin if the realm gave them the role. Booking applies what each may
 * manage (an admin every event, an organizer their own) as it reads the rows.
 */
export function actorOf(user: Principal): Actor {
  return { id: user.id, isAdmin: user.roles.includes('admin') };
}

/** The roles of the organizer's routes. */
export const organizerAccess = ['organizer', 'admin'] as const;

/** The roles of the admin's desk: orders, refunds, reissues, cancellations, the audit log. */
export const adminAccess = ['admin'] as const;

/** The roles of the door: scans, gate lists, offline uploads. */
export const gateAccess = ['gate'] as const;
