/** `npm run db:migrate`: create the database if needed and apply pending migrations. */
import { config } from "@/lib/config";
import { ensureDatabase } from "@/lib/db/ensure-database";
import { migrate } from "@/lib/db/migrate";

const url = config().DATABASE_URL;
await ensureDatabase(url);
const result = await migrate(url);
console.log(result.applied.length ? `applied ${result.applied.join(", ")}` : "up to date");
