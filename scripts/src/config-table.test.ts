import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSources, configVariables, renderConfigTable, tableEnd, tableStart } from './config-table.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the README lists every variable as the config modules declare it (node scripts/config-table.ts)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const copy = readme.slice(readme.indexOf(tableStart), readme.indexOf(tableEnd) + tableEnd.length);
  expect(copy).toBe(renderConfigTable(configVariables(root)));
});

test('every variable a config module declares is in the table, with a meaning', () => {
  const listed = new Map(configVariables(root).map((v) => [v.name, v]));
  for (const { file } of configSources) {
    const declared = [...readFileSync(join(root, file), 'utf8').matchAll(/^ {2,4}([A-Z][A-Z0-9_]+):/gm)].map(
      (m) => m[1]!,
    );
    for (const name of declared) {
      expect({ file, name, meaning: listed.get(name)?.meaning !== '' && listed.has(name) }).toEqual({
        file,
        name,
        meaning: true,
      });
    }
  }
});

test('one spelling per meaning: no two variables differ only by URL and URI', () => {
  const names = configVariables(root).map((v) => v.name);
  expect(names.filter((n) => n.endsWith('_URI'))).toEqual([]);
  expect(names).toContain('OIDC_JWKS_URL');
});
