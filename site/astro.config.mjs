import process from 'node:process';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import preact from '@astrojs/preact';

const port = Number(process.env.SITE_PORT ?? 4321);

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [preact()],
  // A separate build folder lets the tests build without touching the one `npm start` serves.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  server: { port, host: process.env.SITE_HOST ?? '127.0.0.1' },
  // The storefront serves no transformed images, so the native image toolchain is never loaded.
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  devToolbar: { enabled: false },
});
