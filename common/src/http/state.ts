import type { Principal } from '../auth/principal.ts';

// What the shared middleware puts on ctx.state, typed for every service.
declare module 'koa' {
  interface DefaultState {
    requestId?: string;
    user?: Principal;
    /** The exact request bytes, for signatures computed over them (webhooks). */
    rawBody?: Buffer;
  }
}
