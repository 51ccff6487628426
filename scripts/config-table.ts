/**
 * Rewrites the table of environment variables in README.md from the config
 * modules (see scripts/src/config-table.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configVariables, renderConfigTable, withTable } from './src/config-table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
writeFileSync(readmePath, withTable(readFileSync(readmePath, 'utf8'), renderConfigTable(configVariables(root))));
