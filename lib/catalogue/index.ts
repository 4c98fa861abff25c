/**
 * Which labs and tasks exist, server-side: the one reader of the generated labs manifest
 * (`npm run labs:manifest`), parsed and checked once per process, plus the planned labs a
 * chapter may embed before they are built. The web app never imports lab code; this is
 * everything it knows about labs.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { labFolderIds } from "./lab-folders";
import { MANIFEST_PATH, manifestSchema, type LabsManifest, type ManifestLab, type ManifestTask } from "./manifest-format";
import { PLANNED_LABS } from "./planned-labs";

export type { LabsManifest, ManifestLab, ManifestTask } from "./manifest-format";
export { PLANNED_LABS, plannedLab, type PlannedLab } from "./planned-labs";

const REGENERATE = "run `npm run labs:manifest` to regenerate it";

/** The manifest has not been generated (yet): chapters show its labs as "coming soon". */
export class ManifestMissingError extends Error {
  constructor(path: string) {
    super(`The labs manifest ${path} is missing: run \`npm run labs:manifest\` to generate it.`);
    this.name = "ManifestMissingError";
  }
}

/** lib/generated/labs-manifest.json, or FAULTLINE_LABS_MANIFEST (tests use their own labs). */
export function manifestPath(): string {
  return process.env.FAULTLINE_LABS_MANIFEST || join(process.cwd(), MANIFEST_PATH);
}

async function readManifest(path: string): Promise<LabsManifest> {
  let text: string;
  try {
    // Read at run time, not imported: the file is generated, and tests point elsewhere.
    text = await readFile(/*turbopackIgnore: true*/ path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new ManifestMissingError(path);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The labs manifest ${path} is not JSON (${(err as Error).message}): ${REGENERATE}.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new Error(`The labs manifest ${path} is not in the format this code reads (${where}${first?.message}): ${REGENERATE}.`);
  }
  return parsed.data;
}

// By path: tests switch FAULTLINE_LABS_MANIFEST between files. A failed read is forgotten,
// so a manifest generated after the first request is picked up.
const loaded = new Map<string, Promise<LabsManifest>>();

/** The parsed manifest; read and checked once per process (per path). */
export function loadManifest(path = manifestPath()): Promise<LabsManifest> {
  let manifest = loaded.get(path);
  if (!manifest) {
    manifest = readManifest(path);
    loaded.set(path, manifest);
    manifest.catch(() => loaded.delete(path));
  }
  return manifest;
}

export function findLab(manifest: LabsManifest, labId: string): ManifestLab | undefined {
  return manifest.labs.find((lab) => lab.id === labId);
}

export function findTask(manifest: LabsManifest, labId: string, taskId: string): ManifestTask | undefined {
  return findLab(manifest, labId)?.tasks.find((task) => task.id === taskId);
}

/** The lab if it can run here; undefined when it is not built, or no manifest was generated. */
export async function runnableLab(labId: string): Promise<ManifestLab | undefined> {
  try {
    return findLab(await loadManifest(), labId);
  } catch (err) {
    if (err instanceof ManifestMissingError) return undefined;
    throw err;
  }
}

/**
 * Lab ids a chapter may embed: the planned labs, and every `labs/<id>/lab.ts` folder (the
 * authoring check accepts a new lab before the manifest is regenerated).
 */
export async function embeddableLabIds(): Promise<Set<string>> {
  return new Set([...PLANNED_LABS.map((lab) => lab.id), ...(await labFolderIds())]);
}
