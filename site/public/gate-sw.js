/* global self, caches, fetch, URL, Response */
/*
 * The scanner's service worker: the scanner page and its assets work
 * without the network. The page is fetched fresh when the network answers
 * and from the cache when it does not; hashed assets come from the cache
 * first. The page tells the worker which assets it loaded, so the first
 * visit already fills the cache. API calls always go to the network: the
 * page decides offline scans itself, from its gate list.
 */
const cacheName = 'gate-scanner-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(['/gate.webmanifest', '/favicon.svg']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== cacheName).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache : [];
  const sameOrigin = urls.filter(
    (url) => typeof url === 'string' && new URL(url, self.location.origin).origin === self.location.origin,
  );
  event.waitUntil(
    caches.open(cacheName).then((cache) =>
      Promise.all(
        sameOrigin.map((url) =>
          fetch(url, { credentials: 'same-origin' })
            .then((response) => (response.ok ? cache.put(url, response) : undefined))
            .catch(() => undefined),
        ),
      ),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate' && url.pathname === '/gate') {
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(cacheName).then((cache) => cache.put('/gate', copy));
          }
          return response;
        })
        .catch(() => caches.match('/gate').then((cached) => cached ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/_astro/') || url.pathname === '/gate.webmanifest' || url.pathname === '/favicon.svg') {
    event.respondWith(
      caches.match(event.request).then(
        (cached) =>
          cached ??
          fetch(event.request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(cacheName).then((cache) => cache.put(event.request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
