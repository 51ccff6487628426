import { readFileSync } from 'node:fs';
import { Migration } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';

/** A migration whose body is a committed .sql file beside this one, run in one transaction. */
function sqlMigration(name: string): MigrationObject {
  const sql = readFileSync(new URL(`./${name}.sql`, import.meta.url), 'utf8');
  class SqlFileMigration extends Migration {
    override up(): void {
      this.addSql(sql);
    }
  }
  return { name, class: SqlFileMigration };
}

/**
 * Every migration, in order. Add new ones at the end; never edit a landed one.
 * Numbers are names, not a sequence the migrator checks: a number another
 * branch has taken is left out here until that branch lands, and the
 * migrator runs whatever of this list a database has not yet applied.
 */
export const migrations: MigrationObject[] = [
  sqlMigration('0001-initial'),
  sqlMigration('0002-drop-inventory'),
  sqlMigration('0003-inventory-sequence'),
  sqlMigration('0004-organizer'),
  sqlMigration('0005-gate'),
  sqlMigration('0006-place-hold'),
  sqlMigration('0007-transfers'),
];
