/* The storefront's test kit for the cross-service tests: a production build to serve, and its sign-in client. */
export { buildSite, removeBuild, startSite } from './built-site.ts';

/** The storefront's OpenID Connect client; it reads its settings on first use, so set the environment first. */
export const loadStorefrontOidc = () => import('../lib/auth/oidc.ts');
