import { defineConfig } from "prisma/config";

// The URL is only needed by Prisma's CLI commands that talk to a database; generation works
// without one. Our own runner (lib/db/migrate.ts) applies migrations.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/faultline" },
});
