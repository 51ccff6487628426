import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { Authenticator, Principal } from '../auth/principal.ts';
import { DomainError, forbidden, unauthenticated } from '../errors.ts';
import { readJsonBody, readTextBody } from './body.ts';
import { nulCharacterPaths } from './nul-characters.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface InputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<I extends InputSchemas> {
  params: Out<I['params']>;
  query: Out<I['query']>;
  headers: Out<I['headers']>;
  body: Out<I['body']>;
}

/** Output schemas by status code; a status mapped to null answers with no body. */
export type OutputSchemas = Partial<Record<number, z.ZodType | null>>;

export type Reply<O extends OutputSchemas> = {
  [K in keyof O & number]: {
    status: K;
    body: O[K] extends z.ZodType ? z.input<O[K]> : undefined;
    headers?: Record<string, string>;
  };
}[keyof O & number];

/**
 * Who may call a route: anyone, any signed-in user, or users holding one of
 * the listed realm roles. Every route says which, so none is open by accident.
 */
export type Access = 'public' | 'authenticated' | readonly [string, ...string[]];

export interface RateLimitRule {
  /** Distinguishes counters of different routes. */
  name: string;
  /** `ip` runs before authentication, `user` right after it. */
  by: 'ip' | 'user';
  limit: number;
  windowSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit; answers with seconds to wait when over the limit. */
  hit(rule: RateLimitRule, subject: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/**
 * The caller a handler gets: the verified user on every route that is not
 * public (authentication ran before the handler, or the request was refused),
 * nothing on a public one. So no handler checks for a missing user. A route
 * whose access is only known as `Access` (or, to the mount functions, any
 * route) may be either.
 */
export type UserOf<A extends Access> = 0 extends 1 & A
  ? Principal | undefined
  : [A] extends ['public']
    ? undefined
    : 'public' extends A
      ? Principal | undefined
      : Principal;

export interface HandlerContext<I extends InputSchemas, A extends Access = Access> {
  input: Input<I>;
  user: UserOf<A>;
  koa: Context;
}

/**
 * A path parameter naming something that belongs to one user (an organizer's
 * event, a fan's order). Anyone else the access lets in is answered 404 with
 * `notFound`, as if it did not exist; an admin, where the access admits
 * admins, manages everyone's. Declared so the authorization matrix
 * (tests/security) checks it on every such route.
 */
export interface Ownership {
  /** The path parameter, without its colon. */
  param: string;
  /** What the parameter names (`event`, `drop`, `order`): the matrix finds one of the owner's by this. */
  resource: string;
  notFound: string;
}

export interface RouteDefinition<I extends InputSchemas, O extends OutputSchemas, A extends Access = Access> {
  method: Method;
  path: string;
  access: A;
  owned?: Ownership;
  input?: I;
  output: O;
  rateLimits?: readonly RateLimitRule[];
  bodyLimit?: number;
  /**
   * The body's media type when it is not JSON (`text/csv`): the body is then
   * read as UTF-8 text, and the body schema judges that string.
   */
  bodyMediaType?: string;
  handler(context: HandlerContext<NoInfer<I>, NoInfer<A>>): Promise<Reply<NoInfer<O>>>;
}

export function defineRoute<
  I extends InputSchemas = Record<never, never>,
  O extends OutputSchemas = OutputSchemas,
  const A extends Access = Access,
>(definition: RouteDefinition<I, O, A>): RouteDefinition<I, O, A> {
  return definition;
}

// The mount functions accept routes of any schema: each route already checked
// its own handler against its own schemas and access when it was defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogenous route list, see above
export type AnyRoute = RouteDefinition<any, any, any>;

export interface MountOptions {
  authenticator?: Authenticator;
  rateLimiter?: RateLimiter;
}

const mounted = new WeakMap<Router, AnyRoute[]>();

export function mountRoutes(router: Router, routes: readonly AnyRoute[], options: MountOptions = {}): void {
  for (const route of routes) {
    router[route.method](route.path, ...routeMiddleware(route, options));
  }
  mounted.set(router, [...(mounted.get(router) ?? []), ...routes]);
}

/** The declarations mounted on a router, in mount order: what the route fuzzing and the authorization matrix iterate. */
export function routesMountedOn(router: Router): readonly AnyRoute[] {
  return mounted.get(router) ?? [];
}

function routeMiddleware(route: AnyRoute, options: MountOptions): Middleware[] {
  const { authenticator, rateLimiter } = options;
  const access = route.access as Access;
  if (access !== 'public' && !authenticator) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} needs an authenticator`);
  }
  const rules = route.rateLimits ?? [];
  if (rules.length > 0 && !rateLimiter) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} declares rate limits but no limiter was given`);
  }
  const middleware: Middleware[] = [];
  const limit = (by: 'ip' | 'user'): void => {
    const scoped = rules.filter((rule) => rule.by === by);
    if (scoped.length === 0 || !rateLimiter) return;
    middleware.push(async (ctx, next) => {
      const subject = by === 'ip' ? ctx.ip : ctx.state.user?.id;
      if (subject) {
        for (const rule of scoped) {
          const verdict = await rateLimiter.hit(rule, subject);
          if (!verdict.allowed) {
            throw new DomainError('rate_limited', 'rate_limited', 'Too many requests', {
              retryAfter: verdict.retryAfterSeconds,
            });
          }
        }
      }
      await next();
    });
  };

  limit('ip');
  if (access !== 'public' && authenticator) {
    middleware.push(authenticate(authenticator, access));
  }
  limit('user');
  middleware.push(validate(route));
  return middleware;
}

function authenticate(authenticator: Authenticator, access: Exclude<Access, 'public'>): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw unauthenticated(header ? 'auth_malformed' : 'auth_required', 'A bearer access token is required');
    }
    const user = await authenticator.verify(match[1]);
    if (access !== 'authenticated' && !access.some((role) => user.roles.includes(role))) {
      throw forbidden('insufficient_role', `This action needs one of the roles: ${access.join(', ')}`, {
        details: { requiredRoles: access },
      });
    }
    ctx.state.user = user;
    await next();
  };
}

/**
 * What the handler's `user` promises, kept at run time: a route that is not
 * public never runs without a verified caller (a 401, never a 500 from a
 * handler tripping over a missing user), and a public route never sees one.
 */
function userFor(access: Access, user: Principal | undefined): Principal | undefined {
  if (access === 'public') return undefined;
  if (!user) throw unauthenticated('auth_required', 'A bearer access token is required');
  return user;
}

interface FieldError {
  in: keyof InputSchemas;
  path: string;
  code: string;
  message: string;
}

function validate(route: AnyRoute): Middleware {
  const schemas: InputSchemas = (route.input as InputSchemas | undefined) ?? {};
  const access = route.access as Access;
  return async (ctx) => {
    const raw: Record<keyof InputSchemas, unknown> = {
      params: ctx.params,
      query: ctx.query,
      headers: ctx.headers,
      body: schemas.body ? await readBody(ctx, route) : undefined,
    };
    const input: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    for (const part of ['params', 'query', 'headers', 'body'] as const) {
      // Node refuses a NUL in a header itself; the path, the query and the body are ours to judge.
      const nulPaths = part === 'headers' ? [] : nulCharacterPaths(raw[part]);
      for (const path of nulPaths) {
        errors.push({ in: part, path, code: 'nul_character', message: 'A NUL character (U+0000) is not allowed' });
      }
      const schema = schemas[part];
      if (!schema || nulPaths.length > 0) continue;
      const result = schema.safeParse(raw[part]);
      if (result.success) {
        input[part] = result.data;
      } else {
        for (const issue of result.error.issues) {
          errors.push({ in: part, path: issue.path.map(String).join('.'), code: issue.code, message: issue.message });
        }
      }
    }
    if (errors.length > 0) {
      throw new DomainError('invalid', 'validation_failed', 'The request has invalid fields', { details: { errors } });
    }
    const reply = await route.handler({
      input: input as unknown as Input<InputSchemas>,
      user: userFor(access, ctx.state.user),
      koa: ctx,
    });
    writeReply(ctx, route, reply);
  };
}

function readBody(ctx: Context, route: AnyRoute): Promise<unknown> {
  const mediaType = route.bodyMediaType;
  return mediaType === undefined ? readJsonBody(ctx, route.bodyLimit) : readTextBody(ctx, mediaType, route.bodyLimit);
}

function writeReply(
  ctx: Context,
  route: AnyRoute,
  reply: { status: number; body: unknown; headers?: Record<string, string> },
): void {
  const outputs = route.output as OutputSchemas;
  const schema = outputs[reply.status];
  if (schema === undefined) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} answered ${reply.status}, which it does not declare`);
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
  ctx.status = reply.status;
  if (schema === null) {
    ctx.body = null;
    return;
  }
  // Parsing the output strips anything the schema does not name, so internal
  // fields never leak; a mismatch is a bug of ours and surfaces as a 500.
  ctx.body = schema.parse(reply.body);
}
