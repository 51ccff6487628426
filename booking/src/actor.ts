/**
 * Who is acting in the back office, as the back-office service vouches for
 * them: an admin may act on every event; an organizer only on events whose
 * `organizer_id` is their own subject, and anything else is answered as if
 * it did not exist. The use cases apply this rule in the statements that
 * read the rows, so no caller can forget it.
 */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function mayManage(actor: Actor, organizerId: string): boolean {
  return actor.isAdmin || organizerId === actor.id;
}
