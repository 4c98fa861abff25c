/**
 * The program every replica runs: the student's `repair` first (so its line numbers stay
 * theirs in error messages), then the lab's store, which calls it on every read it coordinates.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const STORE = readFileSync(fileURLToPath(new URL("./store-program.ts", import.meta.url)), "utf8")
  .split("\n")
  .filter((line) => !line.startsWith("declare function"))
  .join("\n");

export const STUDENT_EXPORTS = ["repair"];

export function replicaProgram(studentCode: string): string {
  return `${studentCode}\n\n// ---- the replicas' store (the lab's; it calls your repair) ----\n${STORE}`;
}
