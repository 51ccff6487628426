import { z } from 'zod';
import { id } from '../ids.ts';

/** The most seats one hold may take, whatever a drop's per-fan limit says. */
export const maxSeatsPerHold = 50;

/**
 * `{ eventId, seatIds }` for reserved seating or `{ eventId, sectionId,
 * quantity }` for general admission; `dropId` optionally names the drop
 * (otherwise the event's open drop). One object with a refinement rather
 * than a union, so every invalid field is reported by its own path.
 */
export const createHoldBody = z
  .object({
    eventId: id,
    dropId: id.optional(),
    seatIds: z
      .array(id)
      .min(1)
      .max(maxSeatsPerHold)
      .refine((ids) => new Set(ids).size === ids.length, 'seat ids must be distinct')
      .optional(),
    sectionId: id.optional(),
    quantity: z.number().int().min(1).max(maxSeatsPerHold).optional(),
  })
  .superRefine((body, ctx) => {
    const reserved = body.seatIds !== undefined;
    const general = body.sectionId !== undefined || body.quantity !== undefined;
    if (reserved && general) {
      ctx.addIssue({ code: 'custom', path: ['seatIds'], message: 'give either seatIds or sectionId with quantity' });
    } else if (!reserved && !general) {
      ctx.addIssue({ code: 'custom', path: ['seatIds'], message: 'seatIds, or sectionId with quantity, is required' });
    } else if (general) {
      if (body.sectionId === undefined)
        ctx.addIssue({ code: 'custom', path: ['sectionId'], message: 'required with quantity' });
      if (body.quantity === undefined)
        ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'required with sectionId' });
    }
  });

export type CreateHoldBody = z.infer<typeof createHoldBody>;

export const admissionHeaders = z.object({
  'admission-token': z.string().min(1).max(4096).optional(),
});

export const holdParams = z.object({ id });

export { heldSeat, holdCreated, holdView } from '@ticketing/common/contracts/holds';
