import type { APIRoute } from 'astro';

/** Liveness of the site itself: it answers whether or not the catalog does. */
export const GET: APIRoute = () => Response.json({ status: 'ok' });
