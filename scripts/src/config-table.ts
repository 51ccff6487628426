import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The README's table of every environment variable, built from the config
 * modules themselves (each variable's one-line comment and its default), so
 * the table cannot drift from the code and every meaning has one spelling.
 * `node scripts/config-table.ts` rewrites the table; a test fails when the
 * README's copy differs.
 */

/** Each config module and the process roles that read it, in the order a variable's meaning is taken from. */
export const configSources: ReadonlyArray<{ file: string; usedBy: string }> = [
  { file: 'common/src/config.ts', usedBy: 'all' },
  { file: 'common/src/messaging/config.ts', usedBy: 'relay, payments worker, catalog, notifier' },
  { file: 'booking/src/config.ts', usedBy: 'booking' },
  { file: 'booking/src/payments/config.ts', usedBy: 'booking' },
  { file: 'booking/src/tickets/signing.ts', usedBy: 'booking, admin, notifier' },
  { file: 'booking/src/outbox/relay-config.ts', usedBy: 'relay' },
  { file: 'booking/src/payments-worker.ts', usedBy: 'payments worker' },
  { file: 'waiting-room/src/config.ts', usedBy: 'waiting-room' },
  { file: 'catalog/src/config.ts', usedBy: 'catalog' },
  { file: 'admin/src/config.ts', usedBy: 'admin' },
  { file: 'admin/src/gate-hub/config.ts', usedBy: 'gate hub' },
  { file: 'identity/src/config.ts', usedBy: 'identity' },
  { file: 'notifier/src/config.ts', usedBy: 'notifier' },
  { file: 'notifier/src/mail-catcher.ts', usedBy: 'mail catcher' },
  { file: 'site/src/lib/config.ts', usedBy: 'site' },
];

/** Variables read outside a zod config module. */
const readElsewhere: ConfigVariable[] = [
  {
    name: 'TICKETING_INSTANCE_PORT_BASE',
    defaultValue: 'derived from the instance name',
    usedBy: ['npm start'],
    meaning: "first port of an instance's block of ports (with `--instance`)",
  },
  {
    name: 'CATALOG_URL',
    defaultValue: '`http://localhost:4003`',
    usedBy: ['site'],
    meaning: 'the catalog as the site server reaches it',
  },
  {
    name: 'PUBLIC_CATALOG_URL',
    defaultValue: '`CATALOG_URL`',
    usedBy: ['site'],
    meaning: 'the catalog as the browser reaches it (live availability)',
  },
  {
    name: 'CATALOG_TIMEOUT_MS',
    defaultValue: '`3000`',
    usedBy: ['site'],
    meaning: 'a page render waits this long for the catalog before saying it is down',
  },
];

export interface ConfigVariable {
  name: string;
  defaultValue: string;
  usedBy: string[];
  meaning: string;
}

const declaration = /^ {2,4}([A-Z][A-Z0-9_]+): (.*)$/;
const comment = /^ {2,4}\/\/ ?(.*)$/;

/** Defaults named by a constant in the code, spelled out. */
const namedDefaults: Record<string, string> = {
  nodeEnv: '`development`',
  eventsExchange: '`ticketing.events`',
  deadLetterExchange: '`ticketing.events.dlx`',
  paymentsQueue: '`booking.payments`',
  developmentSessionSecret: 'a development key (refused in production)',
  defaultRealmFile: '`identity/realm/ticketing-realm.json`',
  redisClusterNodes: 'unset: a single node',
};

/** Variables several services read, each with its own comment: one meaning for all of them. */
const sharedMeanings: Record<string, string> = {
  DATABASE_URL: 'PostgreSQL (booking owns the schema; the others read through its read models)',
  REDIS_URL: 'Redis, a single node; with `REDIS_CLUSTER_NODES` it only lends its password and `rediss://` (TLS)',
  WAITING_ROOM_URL: "the waiting room's HTTP API as the caller reaches it",
  SITE_URL: "the storefront's public origin (sign-in callbacks, links in mails)",
  OIDC_ISSUER: 'OpenID Connect issuer whose access tokens are accepted',
};

function defaultOf(expression: string): string {
  const named = /^(?:instanceScoped\()?(\w+),?\)?,?$/.exec(expression.trim())?.[1];
  if (named !== undefined && namedDefaults[named] !== undefined) return namedDefaults[named];
  const code = (text: string) => `\`${text.replaceAll('_', '')}\``;
  if (expression.includes('devSecret(')) return 'a development key (refused in production)';
  const call = /\b(?:port|positiveInt|url|trimmedUrl|flag)\(\s*'?([^',)]+)'?/.exec(expression);
  if (call?.[1] !== undefined) return call[1].startsWith('[') ? code(call[1]) : code(call[1]);
  const fallback = /\.default\(\s*(\[[^\]]*\]|'[^']*'|[^)]+)\)/.exec(expression);
  if (fallback?.[1] !== undefined) {
    const value = fallback[1].replace(/^'|'$/g, '').trim();
    return namedDefaults[value] ?? (value === '' ? 'empty' : code(value));
  }
  if (expression.includes('.optional()')) return 'unset';
  return '';
}

/** The variables one module declares: the comment lines above each, and its expression up to the next. */
function readModule(root: string, file: string): Array<Omit<ConfigVariable, 'usedBy'>> {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const found: Array<Omit<ConfigVariable, 'usedBy'>> = [];
  let notes: string[] = [];
  let lastMeaning = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const note = comment.exec(line);
    if (note) {
      notes.push(note[1]!);
      continue;
    }
    const match = declaration.exec(line);
    // A declaration right under another shares its comment (a client id and its secret).
    if (match && (notes.length > 0 || lastMeaning !== '')) {
      let expression = match[2]!;
      for (let j = i + 1; j < lines.length && !/^ {0,4}(\/\/|[A-Z][A-Z0-9_]+:|\}|\.\.\.)/.test(lines[j]!); j++) {
        expression += lines[j]!.trim();
      }
      // A variable that reuses another module's schema is documented there.
      if (!/^\w+ConfigShape\.\w+,$/.test(expression)) {
        const meaning = notes.length > 0 ? notes.join(' ') : lastMeaning;
        found.push({ name: match[1]!, defaultValue: defaultOf(expression), meaning });
        lastMeaning = meaning;
      }
    } else if (line.trim() === '' || /^\S/.test(line)) {
      lastMeaning = '';
    }
    notes = [];
  }
  return found;
}

export function configVariables(root: string): ConfigVariable[] {
  const byName = new Map<string, ConfigVariable>();
  for (const source of configSources) {
    for (const variable of readModule(root, source.file)) {
      const known = byName.get(variable.name);
      if (known) {
        if (!known.usedBy.includes(source.usedBy) && !known.usedBy.includes('all')) known.usedBy.push(source.usedBy);
        if (known.defaultValue === '') known.defaultValue = variable.defaultValue;
      } else {
        byName.set(variable.name, { ...variable, usedBy: [source.usedBy] });
      }
    }
  }
  for (const variable of readElsewhere) byName.set(variable.name, variable);
  for (const [name, meaning] of Object.entries(sharedMeanings)) {
    const variable = byName.get(name);
    if (variable) variable.meaning = meaning;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const tableStart = '<!-- config-table:start (node scripts/config-table.ts rewrites it) -->';
export const tableEnd = '<!-- config-table:end -->';

export function renderConfigTable(variables: readonly ConfigVariable[]): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const rows = variables.map((v) => {
    const usedBy = [...new Set(v.usedBy.flatMap((u) => u.split(', ')))].join(', ');
    return `| \`${v.name}\` | ${escape(v.defaultValue) || 'required'} | ${usedBy} | ${escape(v.meaning)} |`;
  });
  return [
    tableStart,
    '',
    '| variable | default | used by | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    tableEnd,
  ].join('\n');
}

/** The README with its table replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(tableStart);
  const end = readme.indexOf(tableEnd);
  if (start < 0 || end < start) throw new Error('README.md has no config table markers');
  return `${readme.slice(0, start)}${table}${readme.slice(end + tableEnd.length)}`;
}
