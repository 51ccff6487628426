import { z } from 'zod';

/* The HTTP side of the admin's order routes; searches and answers are booking's (back-office entry). */

// Ids compare as the database prints them: lower case.
const id = z.uuid().transform((value) => value.toLowerCase());

export const orderParams = z.object({ orderId: id });
export const ticketParams = z.object({ ticketId: id });
