/**
 * The program every node runs: the student's `admit` first (so its line numbers stay theirs
 * in error messages), then the times of this run, then the lab's lock, storage and clients.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SYSTEM = readFileSync(fileURLToPath(new URL("./system-program.ts", import.meta.url)), "utf8")
  .split("\n")
  .filter((line) => !line.startsWith("declare "))
  .join("\n");

export const STUDENT_EXPORTS = ["admit"];

export function systemProgram(studentCode: string, times: { leaseMs: number; prepareMs: number }): string {
  return `${studentCode}\n\n// ---- the lab's lock service, storage and clients (the storage calls your admit) ----\nconst LEASE_MS = ${times.leaseMs};\nconst PREPARE_MS = ${times.prepareMs};\n${SYSTEM}`;
}
