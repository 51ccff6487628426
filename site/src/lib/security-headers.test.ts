import { siteConfig } from './config.ts';
import { contentSecurityPolicy, pageKindOf, securityHeaders } from './security-headers.ts';
import { cookieOptions } from './session/session.ts';

const config = (env: Record<string, string>) => ({ ...siteConfig({}), ...env });

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(' ');

test('the policy names the catalog, the waiting room socket and the identity provider, and no Stripe without a key', () => {
  const policy = contentSecurityPolicy(
    config({ WAITING_ROOM_URL: 'https://queue.example.test', OIDC_ISSUER: 'https://id.example.test/realms/t' }),
    'https://catalog.example.test/',
  );
  expect(directive(policy, 'connect-src')).toEqual([
    "'self'",
    'https://catalog.example.test',
    'wss://queue.example.test',
  ]);
  expect(directive(policy, 'form-action')).toEqual(["'self'", 'https://id.example.test']);
  expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
  expect(directive(policy, 'frame-src')).toEqual(["'none'"]);
  expect(policy).not.toContain('stripe');
});

test("the gate scanner may reach a gate hub at an address typed on the night, of the page's own scheme", () => {
  const production = config({ SITE_URL: 'https://tickets.example.test' });
  expect(directive(contentSecurityPolicy(production, 'https://c.example.test', 'gate'), 'connect-src')).toContain(
    'https:',
  );
  expect(directive(contentSecurityPolicy(production, 'https://c.example.test', 'gate'), 'connect-src')).not.toContain(
    'http:',
  );
  expect(directive(contentSecurityPolicy(production, 'https://c.example.test'), 'connect-src')).not.toContain('https:');
  expect(pageKindOf('/gate')).toBe('gate');
  expect(pageKindOf('/gate/')).toBe('gate');
  expect(pageKindOf('/gateway')).toBe('storefront');
});

test("with Stripe's key, its script, frames and API are allowed", () => {
  const policy = contentSecurityPolicy(config({ STRIPE_PUBLISHABLE_KEY: 'pk_test_x' }), 'http://localhost:4003');
  expect(directive(policy, 'script-src')).toContain('https://js.stripe.com');
  expect(directive(policy, 'frame-src')).toEqual(['https://js.stripe.com', 'https://hooks.stripe.com']);
  expect(directive(policy, 'connect-src')).toContain('https://api.stripe.com');
});

test('HSTS is sent in production only', () => {
  expect(securityHeaders(config({ NODE_ENV: 'production' }), 'https://c.example.test')).toMatchObject({
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  });
  expect(securityHeaders(config({ NODE_ENV: 'development' }), 'http://localhost:4003')).not.toHaveProperty(
    'Strict-Transport-Security',
  );
});

test('session cookies are httpOnly and SameSite=Lax always, and Secure in production even on a plain-HTTP SITE_URL', () => {
  const development = cookieOptions(60, { NODE_ENV: 'development', SITE_URL: 'http://localhost:4321' });
  expect(development).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
  expect(cookieOptions(60, { NODE_ENV: 'production', SITE_URL: 'http://shop.example.test' })).toMatchObject({
    httpOnly: true,
    sameSite: 'lax',
    secure: true,
  });
  expect(cookieOptions(60, { NODE_ENV: 'development', SITE_URL: 'https://shop.example.test' }).secure).toBe(true);
});
