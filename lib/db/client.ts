/** The Prisma client over node-postgres (driver adapter: no engine binary needed). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";

export type Db = PrismaClient;

export function createPrisma(url: string = config().DATABASE_URL): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

// One client per process; Next's dev server reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { __faultlinePrisma?: Db };

export function prisma(): Db {
  holder.__faultlinePrisma ??= createPrisma();
  return holder.__faultlinePrisma;
}
