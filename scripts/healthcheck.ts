/**
 * `node scripts/healthcheck.ts <url>`: exits 0 when the URL answers 2xx within
 * three seconds. Container images have no curl; every one of ours has node.
 */
const target = process.argv[2];
if (target === undefined) {
  process.stderr.write('usage: node scripts/healthcheck.ts <url>\n');
  process.exit(64);
}
try {
  const response = await fetch(target, { signal: AbortSignal.timeout(3_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
