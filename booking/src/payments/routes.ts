import { defineRoute, type AnyRoute } from '@ticketing/common';
import type { BookingContext } from '../composition.ts';
import { confirmDevPayment } from './dev-confirm.ts';
import { applyPaymentNotification } from './notifications.ts';
import { devConfirmed, devConfirmInput, stripeWebhookInput, webhookReceived } from './schema.ts';

/**
 * HTTP only. The Stripe webhook exists when Stripe is configured, the
 * development confirmation when the development gateway is.
 */
export function paymentRoutes({ db, logger, payments }: BookingContext): AnyRoute[] {
  const { gateway, stripe } = payments;
  const routes: AnyRoute[] = [];
  if (stripe) {
    routes.push(
      defineRoute({
        method: 'post',
        path: '/payments/stripe/webhook',
        // Stripe cannot hold a token: the signature over the raw body is the authentication.
        access: 'public',
        input: stripeWebhookInput,
        bodyLimit: 512 * 1024,
        output: { 200: webhookReceived },
        async handler({ input, koa }) {
          const notification = stripe.parseWebhook(
            koa.state.rawBody ?? Buffer.alloc(0),
            input.headers['stripe-signature'],
          );
          const outcome = await applyPaymentNotification(db, 'stripe', notification, logger);
          return { status: 200 as const, body: { received: true as const, outcome } };
        },
      }),
    );
  }
  if (gateway.provider === 'dev') {
    routes.push(
      defineRoute({
        method: 'post',
        path: '/payments/dev/:paymentId/confirm',
        owned: { param: 'paymentId', resource: 'payment', notFound: 'payment_not_found' },
        access: ['fan'],
        input: devConfirmInput,
        output: { 200: devConfirmed },
        async handler({ input, user }) {
          const body = await confirmDevPayment(db, user.id, input.params.paymentId);
          return { status: 200 as const, body };
        },
      }),
    );
  }
  return routes;
}
