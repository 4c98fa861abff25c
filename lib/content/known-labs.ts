import { readdir, access } from "node:fs/promises";
import path from "node:path";
import { labsDir } from "./paths";

/** Labs from PRODUCT.md's catalogue: chapters may embed them before they exist ("coming soon"). */
export const CATALOGUE_LAB_IDS = [
  "token-bucket",
  "quorum",
  "stale-read",
  "lww-skew",
  "vector-clocks",
  "crdt-counter",
  "read-repair",
  "read-your-writes",
  "leader-follower",
  "byzantine",
  "sliding-window",
  "circuit-breaker",
  "retry-jitter",
  "idempotency",
] as const;

/** Lab ids that exist as `labs/<id>/lab.ts`: a folder adds a lab, nothing to register. */
export async function labFolderIds(): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(labsDir(), { withFileTypes: true });
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    try {
      await access(path.join(labsDir(), e.name, "lab.ts"));
      ids.push(e.name);
    } catch {
      // a folder without a definition is not a lab (yet)
    }
  }
  return ids.sort();
}

export async function knownLabIds(): Promise<Set<string>> {
  return new Set([...CATALOGUE_LAB_IDS, ...(await labFolderIds())]);
}
