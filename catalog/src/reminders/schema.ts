import { z } from 'zod';

export const dropParams = z.object({ dropId: z.uuid() });

/** The address to remind; the account's own address (from the access token) when left out. */
export const reminderRequest = z.object({ email: z.email().max(254).optional() }).optional();

export const reminderState = z.object({ dropId: z.string(), subscribed: z.boolean() });
