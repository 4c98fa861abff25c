/** The replica's server as one ESM file started with plain `node` (lib/procs/bundled-entry.ts). */
import { fileURLToPath } from "node:url";
import { bundledEntry } from "@/lib/procs/bundled-entry";

export function replicaEntry(): Promise<string> {
  return bundledEntry(fileURLToPath(new URL("./server.ts", import.meta.url)), "quorum-replica");
}
