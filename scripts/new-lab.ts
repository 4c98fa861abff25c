/**
 * Scaffolds a lab folder that loads, runs and passes its own test from the first minute.
 * Usage: npm run new:lab -- <id> [--title "Circuit breaker"] [--chapter resilient-apis]
 */
import { parseArgs } from "node:util";
import { relative } from "node:path";
import { scaffoldLab } from "@/lib/labs/scaffold";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { title: { type: "string" }, chapter: { type: "string" } },
});
const id = positionals[0];
if (!id) {
  console.error(
    'Usage: npm run new:lab -- <id> [--title "Circuit breaker"] [--chapter resilient-apis]',
  );
  process.exit(2);
}
try {
  const files = await scaffoldLab(id, { title: values.title, chapter: values.chapter });
  console.log(
    `Created labs/${id}:\n${files.map((f) => `  ${relative(process.cwd(), f)}`).join("\n")}`,
  );
  console.log(`\nNext: npx vitest run labs/${id}   then   npm run labs:manifest`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
