/**
 * The labs manifest as the run pipeline sees it: plain JSON (no lab code), so the web app
 * can validate submissions without importing labs.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_PATH } from "@/lib/labs/manifest";
import type { LabsManifest, ManifestLab, ManifestTask } from "@/lib/labs/manifest-types";

let cached: { path: string; manifest: LabsManifest } | undefined;

/** lib/generated/labs-manifest.json, or FAULTLINE_LABS_MANIFEST (tests use their own labs). */
export function manifestPath(): string {
  return process.env.FAULTLINE_LABS_MANIFEST || join(process.cwd(), MANIFEST_PATH);
}

/** Reads the manifest once per process (at run time: the file is generated, not bundled). */
export async function loadManifest(path = manifestPath()): Promise<LabsManifest> {
  if (cached?.path === path) return cached.manifest;
  if (!existsSync(/*turbopackIgnore: true*/ path)) {
    throw new Error(
      `The labs manifest ${path} is missing: run \`npm run labs:manifest\` to generate it.`,
    );
  }
  const manifest = JSON.parse(await readFile(/*turbopackIgnore: true*/ path, "utf8")) as LabsManifest;
  cached = { path, manifest };
  return manifest;
}

export function findLab(manifest: LabsManifest, labId: string): ManifestLab | undefined {
  return manifest.labs.find((lab) => lab.id === labId);
}

export function findTask(
  manifest: LabsManifest,
  labId: string,
  taskId: string,
): ManifestTask | undefined {
  return findLab(manifest, labId)?.tasks.find((task) => task.id === taskId);
}
