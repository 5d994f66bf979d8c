import { Kysely, sql } from 'kysely';
import { Many2OneField } from '../fields/many2one';
import type { Pool } from '../pool/pool';
import { foreignKeyName } from './references';

export interface SchemaChanges {
  tables: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
}

/** Numeric columns whose type follows the field's when a model changes it (Tryton's alter_type). */
const CONVERTIBLE = new Set(['numeric', 'float8', 'int4']);
function convertibleType(sqlType: string): string | null {
  return { NUMERIC: 'numeric', 'DOUBLE PRECISION': 'float8', INTEGER: 'int4' }[sqlType] ?? null;
}

/**
 * Brings the database's tables up to the models (Tryton's `trytond-admin -u`): creates tables,
 * adds columns (and converts numeric columns whose field changed type), foreign keys, unique constraints and indexes. Never drops anything. Idempotent: a
 * second run changes nothing and reports no change.
 */
export async function syncSchema(db: Kysely<any>, pool: Pool): Promise<SchemaChanges> {
  const changes: SchemaChanges = { tables: [], columns: [], constraints: [], indexes: [] };
  const tables = await db.introspection.getTables();
  const existing = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  const columnTypes = new Map<string, string>(
    tables.flatMap((t) => t.columns.map((c): [string, string] => [`${t.name}.${c.name}`, c.dataType])),
  );
  const constraintRows = await sql<{ conname: string }>`SELECT conname FROM pg_constraint`.execute(db);
  const constraints = new Set(constraintRows.rows.map((r) => r.conname));
  const indexRows = await sql<{
    indexname: string;
  }>`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`.execute(db);
  const indexes = new Set(indexRows.rows.map((r) => r.indexname));

  // Models read from a query (reporting views) have no table.
  const models = pool.all().filter((m) => !m._tableQuery);
  for (const model of models) {
    const table = model._table;
    if (!existing.has(table)) {
      // A new table is created with its columns in one statement.
      const fields = Object.values(model._fields).filter((f) => f.stored && f.name !== 'id');
      await sql
        .raw(
          `CREATE TABLE "${table}" ("id" SERIAL PRIMARY KEY${fields.map((f) => `, "${f.name}" ${f.sqlType()}`).join('')})`,
        )
        .execute(db);
      existing.set(table, new Set(['id', ...fields.map((f) => f.name)]));
      changes.tables.push(table);
    }
    const columns = existing.get(table)!;
    for (const field of Object.values(model._fields)) {
      if (field.stored && columns.has(field.name)) {
        const column = `${table}.${field.name}`;
        const wanted = convertibleType(field.sqlType()!);
        const actual = columnTypes.get(column);
        if (wanted && actual && actual !== wanted && CONVERTIBLE.has(actual)) {
          await sql
            .raw(
              `ALTER TABLE "${table}" ALTER COLUMN "${field.name}" TYPE ${field.sqlType()} USING "${field.name}"::${field.sqlType()}`,
            )
            .execute(db);
          changes.columns.push(column);
        }
      }
      if (!field.stored || columns.has(field.name)) continue;
      await db.schema.alterTable(table).addColumn(field.name, sql.raw(field.sqlType()!)).execute();
      columns.add(field.name);
      changes.columns.push(`${table}.${field.name}`);
    }
  }
  // Constraints after every table exists (foreign keys may point forward).
  for (const model of models) {
    const table = model._table;
    const foreignKeys: string[] = [];
    for (const field of Object.values(model._fields)) {
      if (field instanceof Many2OneField && field.stored) {
        const name = foreignKeyName(table, field.name);
        if (!constraints.has(name)) {
          const target = pool.get(field.target)._table;
          foreignKeys.push(
            `ADD CONSTRAINT "${name}" FOREIGN KEY ("${field.name}") REFERENCES "${target}" ("id") ON DELETE ${field.ondelete}`,
          );
          constraints.add(name);
          changes.constraints.push(name);
        }
      }
      if (
        (field instanceof Many2OneField || field.options.select) &&
        field.stored &&
        !['create_uid', 'write_uid'].includes(field.name)
      ) {
        const name = `${table}_${field.name}_index`.slice(0, 63);
        if (!indexes.has(name)) {
          await db.schema.createIndex(name).on(table).column(field.name).execute();
          indexes.add(name);
          changes.indexes.push(name);
        }
      }
    }
    // a table's foreign keys in one statement
    if (foreignKeys.length) await sql.raw(`ALTER TABLE "${table}" ${foreignKeys.join(', ')}`).execute(db);
    for (const unique of model._constraints) {
      const name = `${table}_${unique.name}`.slice(0, 63);
      if (constraints.has(name)) continue;
      await db.schema.alterTable(table).addUniqueConstraint(name, unique.columns).execute();
      constraints.add(name);
      changes.constraints.push(name);
    }
  }
  return changes;
}
