import { readFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_PATH } from "@/lib/labs/manifest";
import type { LabsManifest } from "@/lib/labs/manifest-types";

/**
 * Ids of labs that can run, from lib/generated/labs-manifest.json (`npm run labs:manifest`).
 * Read at render time rather than imported, because the file may not exist yet: then every
 * lab shows as "coming soon" instead of the build failing.
 */
export async function runnableLabIds(): Promise<Set<string>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(/* turbopackIgnore: true */ process.cwd(), MANIFEST_PATH), "utf8")) as LabsManifest;
    return new Set(manifest.labs.map((lab) => lab.id));
  } catch {
    return new Set();
  }
}
