/**
 * The hand-written SQL migrations and prisma/schema.prisma must describe the same database.
 * Prisma's own parser (the same WASM `prisma format` uses) gives the data model; the
 * migrated database is read from the catalog; every table, column, type, nullability,
 * primary key, unique index and enum is compared in both directions.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import wasm from "@prisma/prisma-schema-wasm";
import { migrate } from "@/lib/db/migrate";
import { scratchDatabase } from "../support/services";

interface DmmfField { name: string; kind: string; isRequired: boolean; isUnique: boolean; isId: boolean; isList: boolean; type: string; dbName?: string | null }
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null; uniqueFields: string[][] }
interface DmmfEnum { name: string; values: Array<{ name: string }> }

const schema = readFileSync("prisma/schema.prisma", "utf8");
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[] };
};

const SCALAR_TO_PG: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Float: "double precision",
};

interface Column { table: string; column: string; type: string; udt: string; nullable: boolean }

let db: Awaited<ReturnType<typeof scratchDatabase>>;
let columns: Column[] = [];
let uniqueIndexes: Array<{ table: string; columns: string[] }> = [];
let primaryKeys = new Map<string, string[]>();
let enums = new Map<string, string[]>();

beforeAll(async () => {
  db = await scratchDatabase("schema");
  await migrate(db.url);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    columns = (
      await c.query(`SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
                     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)
    ).rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type, udt: r.udt_name, nullable: r.is_nullable === "YES" }));
    const idx = await c.query(`SELECT t.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
        array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS cols
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations' GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`);
    for (const r of idx.rows) {
      if (r.primary) primaryKeys.set(r.table, r.cols);
      else if (r.unique) uniqueIndexes.push({ table: r.table, columns: r.cols });
    }
    const en = await c.query(`SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    enums = new Map(en.rows.map((r) => [r.typname, r.labels]));
  } finally {
    await c.end();
  }
});
afterAll(async () => db.drop());

const models = dmmf.datamodel.models;
const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnsOf = (m: DmmfModel) => m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
const key = (cols: string[]) => [...cols].sort().join(",");

describe("migrated database matches schema.prisma", () => {
  it("has exactly one table per model", () => {
    const tables = new Set(columns.map((c) => c.table));
    expect([...tables].sort()).toEqual(models.map(tableOf).sort());
  });

  for (const model of models) {
    it(`${model.name}: same columns, types, nullability, keys`, () => {
      const table = tableOf(model);
      const actual = columns.filter((c) => c.table === table);
      expect(actual.map((c) => c.column).sort()).toEqual(columnsOf(model).map((f) => f.dbName ?? f.name).sort());
      for (const field of columnsOf(model)) {
        const col = actual.find((c) => c.column === (field.dbName ?? field.name))!;
        if (field.kind === "enum") {
          expect(col.type, `${model.name}.${field.name}`).toBe("USER-DEFINED");
          expect(col.udt, `${model.name}.${field.name}`).toBe(field.type);
        } else {
          expect(col.type, `${model.name}.${field.name} type`).toBe(SCALAR_TO_PG[field.type]);
        }
        expect(col.nullable, `${model.name}.${field.name} nullability`).toBe(!field.isRequired);
      }
      const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
      expect(key(primaryKeys.get(table) ?? []), `${model.name} primary key`).toBe(key(pk));
      const expectedUnique = [...model.fields.filter((f) => f.isUnique).map((f) => [f.name]), ...model.uniqueFields].map(key).sort();
      const actualUnique = uniqueIndexes.filter((u) => u.table === table).map((u) => key(u.columns)).sort();
      expect(actualUnique, `${model.name} unique indexes`).toEqual(expectedUnique);
    });
  }

  it("has the same enums with the same values in the same order", () => {
    expect(Object.fromEntries(enums)).toEqual(Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)])));
  });
});
