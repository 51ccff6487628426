import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { URL } from 'node:url';

/**
 * The module map: which workspace may import which public entry of which
 * other workspace. ESLint enforces it (eslint.config.js); each workspace's
 * `exports` map decides what its public entries are, and Node and tsc refuse
 * anything else. docs/architecture.md explains each line.
 *
 * An entry ending in `/*` allows every subpath under it.
 */
export const moduleMap = {
  common: [],
  identity: ['@ticketing/common'],
  booking: ['@ticketing/common', '@ticketing/common/contracts/*', '@ticketing/common/testing'],
  'waiting-room': [
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/booking/read-models',
    '@ticketing/booking/testing',
  ],
  catalog: [
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/booking/read-models',
    '@ticketing/booking/testing',
  ],
  notifier: [
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/booking/read-models',
    '@ticketing/booking/testing',
  ],
  admin: [
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/booking/back-office',
    '@ticketing/booking/testing',
    '@ticketing/waiting-room',
    '@ticketing/waiting-room/testing',
  ],
  site: ['@ticketing/common/contracts/*'],
  scripts: ['@ticketing/common', '@ticketing/common/testing'],
  tests: [
    '@ticketing/booking/back-office',
    '@ticketing/site/testing',
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/identity',
    '@ticketing/admin',
    '@ticketing/booking/processes',
    '@ticketing/booking/testing',
    '@ticketing/waiting-room',
    '@ticketing/waiting-room/testing',
    '@ticketing/catalog',
    '@ticketing/catalog/testing',
    '@ticketing/notifier',
    '@ticketing/notifier/testing',
  ],
  bench: [
    '@ticketing/common',
    '@ticketing/common/contracts/*',
    '@ticketing/common/testing',
    '@ticketing/booking/processes',
    '@ticketing/booking/testing',
    '@ticketing/waiting-room',
    '@ticketing/waiting-room/testing',
    '@ticketing/catalog',
    '@ticketing/catalog/testing',
  ],
};

/** Every workspace folder, for spotting a relative import that climbs into another one. */
export const workspaces = Object.keys(moduleMap);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex source matching the `@ticketing/...` specifiers that `allowed` does not list. */
export function forbiddenSpecifiers(allowed) {
  const names = allowed.map((entry) => {
    const name = entry.replace(/^@ticketing\//, '');
    return name.endsWith('/*') ? `${escape(name.slice(0, -2))}/.+` : escape(name);
  });
  return names.length === 0 ? '^@ticketing/' : `^@ticketing/(?!(?:${names.join('|')})$)`;
}

/**
 * An ESLint rule: a relative import must stay inside its own workspace
 * (another workspace is reached by package name, through its public entries).
 */
/** The npm workspaces (root package.json); other top-level folders (scripts/) are the repository's own tooling. */
const npmWorkspaces = new Set(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).workspaces);

export const sameWorkspaceRelative = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { crossing: '{{target}} is in another workspace: import it by package name' },
  },
  create(context) {
    const root = context.cwd;
    const workspaceOf = (file) => relative(root, file).split(sep)[0];
    const own = workspaceOf(context.filename);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source));
      const folder = target.split(sep)[0];
      if (folder !== own && npmWorkspaces.has(folder))
        context.report({ node: node.source, messageId: 'crossing', data: { target } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
