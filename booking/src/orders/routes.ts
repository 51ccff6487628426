import { defineRoute } from '@ticketing/common';
import type { BookingContext } from '../composition.ts';
import { placedOrder, placeOrderInput } from './schema.ts';
import { placeOrder } from './service.ts';

/** HTTP only: the use case lives in service.ts. */
export function orderRoutes({ db, payments }: BookingContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/orders',
      access: ['fan'],
      input: placeOrderInput,
      output: { 200: placedOrder, 201: placedOrder },
      async handler({ input, user }) {
        const result = await placeOrder(db, payments.gateway, {
          user: user,
          holdId: input.body.holdId,
          idempotencyKey: input.headers['idempotency-key'],
        });
        return result.created ? { status: 201, body: result.body } : { status: 200, body: result.body };
      },
    }),
  ];
}
