import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { labsDir } from "@/lib/content/paths";

/** Lab ids that exist as `labs/<id>/lab.ts`, whether or not the manifest has caught up yet. */
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
