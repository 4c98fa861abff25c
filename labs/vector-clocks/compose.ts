/**
 * The program every replica runs: the student's `compare` and `mergeSiblings` first (so
 * their line numbers stay theirs in error messages), then the lab's store, which calls them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const STORE = readFileSync(fileURLToPath(new URL("./store-program.ts", import.meta.url)), "utf8")
  .split("\n")
  .filter((line) => !line.startsWith("declare function"))
  .join("\n");

export const STUDENT_EXPORTS = ["compare", "mergeSiblings"];

export function replicaProgram(studentCode: string): string {
  return `${studentCode}\n\n// ---- the replicas' store (the lab's; it calls your functions) ----\n${STORE}`;
}
