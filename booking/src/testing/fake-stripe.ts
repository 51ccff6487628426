import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local HTTP server answering the Stripe API calls the payment adapter
 * makes (PaymentIntents: create, retrieve, capture, cancel; refunds) with
 * Stripe's semantics for idempotency keys and PaymentIntent states, and
 * recording every request. Tests point the real Stripe SDK at it, and sign
 * webhook payloads with the real signing scheme.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: Record<string, string>;
}

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: string;
  client_secret: string;
  metadata: Record<string, string>;
  status: 'requires_payment_method' | 'requires_capture' | 'succeeded' | 'canceled';
}

export interface FakeStripe {
  /** The API base to give the adapter (STRIPE_API_BASE). */
  url: string;
  requests: RecordedRequest[];
  intents: Map<string, FakeIntent>;
  /** Answer the next `count` requests with a 503, as an outage would. */
  failNext(count: number): void;
  /** The fan confirms the card: the intent waits for capture. */
  authorize(intentId: string): FakeIntent;
  /** A signed webhook delivery about an intent, as Stripe would send it. */
  webhook(
    type: string,
    intent: FakeIntent,
    options?: { secret?: string; eventId?: string; timestamp?: number },
  ): { body: string; signature: string; eventId: string };
  close(): Promise<void>;
}

const stripeForSigning = new Stripe('sk_test_signing_only', { telemetry: false });

export async function startFakeStripe(webhookSecret: string): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const intents = new Map<string, FakeIntent>();
  const replies = new Map<string, { status: number; body: unknown }>();
  let failures = 0;

  const handle = (method: string, path: string, params: Record<string, string>): { status: number; body: unknown } => {
    if (method === 'POST' && path === '/v1/payment_intents') {
      if (!(Number(params.amount) >= 50)) return error(400, 'amount_too_small', 'Amount must be at least 0.50');
      const id = `pi_${randomBytes(8).toString('hex')}`;
      const intent: FakeIntent = {
        id,
        object: 'payment_intent',
        amount: Number(params.amount),
        amount_capturable: 0,
        amount_received: 0,
        currency: params.currency ?? 'eur',
        capture_method: params.capture_method ?? 'automatic',
        client_secret: `${id}_secret_${randomBytes(6).toString('hex')}`,
        metadata: Object.fromEntries(
          Object.entries(params)
            .filter(([k]) => k.startsWith('metadata['))
            .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
        ),
        status: 'requires_payment_method',
      };
      intents.set(id, intent);
      return ok(intent);
    }
    const match = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    const intent = match?.[1] ? intents.get(match[1]) : undefined;
    if (match && !intent) return error(404, 'resource_missing', 'No such payment_intent');
    if (match && intent) {
      const action = match[2];
      if (method === 'GET' && !action) return ok(intent);
      if (method === 'POST' && action === 'capture') {
        if (intent.status !== 'requires_capture') return unexpectedState(intent);
        intent.amount_received = Number(params.amount_to_capture ?? intent.amount_capturable);
        intent.amount_capturable = 0;
        intent.status = 'succeeded';
        return ok(intent);
      }
      if (method === 'POST' && action === 'cancel') {
        if (intent.status === 'succeeded' || intent.status === 'canceled') return unexpectedState(intent);
        intent.amount_capturable = 0;
        intent.status = 'canceled';
        return ok(intent);
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const refunded = params.payment_intent ? intents.get(params.payment_intent) : undefined;
      if (!refunded) return error(404, 'resource_missing', 'No such payment_intent');
      if (refunded.status !== 'succeeded') return error(400, 'charge_not_refundable', 'Nothing captured to refund');
      const refund = {
        id: `re_${randomBytes(8).toString('hex')}`,
        object: 'refund',
        amount: Number(params.amount ?? refunded.amount_received),
        payment_intent: refunded.id,
        status: 'succeeded',
      };
      return ok(refund);
    }
    return error(404, 'resource_missing', `Unrecognized request URL (${method} ${path})`);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readForm(req).then((params) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const idempotencyKey = header(req, 'idempotency-key');
      requests.push({ method, path, idempotencyKey, params });
      if (failures > 0) {
        failures--;
        return send(res, 503, { error: { type: 'api_error', message: 'Service unavailable' } });
      }
      // Stripe answers a repeated idempotency key with the first answer, whatever changed since.
      const replayed = idempotencyKey ? replies.get(idempotencyKey) : undefined;
      if (replayed) return send(res, replayed.status, replayed.body, { 'idempotent-replayed': 'true' });
      const reply = handle(method, path, params);
      if (idempotencyKey && method === 'POST') replies.set(idempotencyKey, structuredClone(reply));
      return send(res, reply.status, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    intents,
    failNext(count) {
      failures = count;
    },
    authorize(intentId) {
      const intent = intents.get(intentId);
      if (!intent) throw new Error(`no intent ${intentId}`);
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      return structuredClone(intent);
    },
    webhook(type, intent, options = {}) {
      const eventId = options.eventId ?? `evt_${randomBytes(8).toString('hex')}`;
      const body = JSON.stringify({
        id: eventId,
        object: 'event',
        type,
        api_version: Stripe.API_VERSION,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        data: { object: intent },
      });
      const signature = stripeForSigning.webhooks.generateTestHeaderString({
        payload: body,
        secret: options.secret ?? webhookSecret,
        ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      });
      return { body, signature, eventId };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function ok(body: unknown) {
  return { status: 200, body };
}

function error(status: number, code: string, message: string) {
  return { status, body: { error: { type: 'invalid_request_error', code, message } } };
}

function unexpectedState(intent: FakeIntent) {
  return error(
    400,
    'payment_intent_unexpected_state',
    `This PaymentIntent's status is ${intent.status}, which does not allow this action`,
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const query = (req.url ?? '').split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(text || query));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(6).toString('hex')}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}
