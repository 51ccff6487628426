import { z } from 'zod';
import { dropView } from '@ticketing/booking/back-office';
import { id, idParams } from '../params.ts';

/* The HTTP side of the drop routes; a drop's settings and its answer are booking's (back-office entry). */

export { ifMatchHeaders } from '../params.ts';

export const eventParams = z.object({ eventId: id });
export const dropParams = idParams;

export const dropList = z.object({ drops: z.array(dropView) });
