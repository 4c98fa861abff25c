import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDefinedLab } from "./define";
import { LabNotFoundError } from "./errors";
import type { LabDefinition } from "./types";

/** labs/ at the repo root: a folder with a lab.ts is a lab, nothing else to register. */
export const LABS_DIR = fileURLToPath(new URL("../../labs/", import.meta.url));

export interface LabsDirOption {
  /** Where to look instead of the repo's labs/ (tests, scaffolding). */
  dir?: string;
}

const ID = /^[a-z][a-z0-9-]*$/;

/**
 * Lab modules imported ahead of time by a bundled run child (lib/runs/run-child-bundle.ts),
 * by lab id, with the labs dir they came from. A bundled child runs on plain `node`: it can
 * load no TypeScript file at run time, so its labs must all come from here.
 */
let bundledLabs: { dir: string; modules: Map<string, { default?: unknown }> } | undefined;

export function registerBundledLabs(dir: string, modules: Record<string, { default?: unknown }>): void {
  bundledLabs = { dir, modules: new Map(Object.entries(modules)) };
}

export async function listLabIds({ dir = LABS_DIR }: LabsDirOption = {}): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    // A symlinked folder counts too: test suites assemble a labs dir from real and fixture labs.
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && ID.test(e.name) && existsSync(join(dir, e.name, "lab.ts")))
    .map((e) => e.name)
    .sort();
}

export async function loadLab(
  id: string,
  { dir = LABS_DIR }: LabsDirOption = {},
): Promise<LabDefinition> {
  if (!ID.test(id))
    throw new LabNotFoundError(
      `"${id}" is not a lab id: ids are lowercase slugs like "token-bucket"`,
    );
  const file = join(dir, id, "lab.ts");
  if (!existsSync(file)) {
    const known = await listLabIds({ dir });
    throw new LabNotFoundError(
      `No lab "${id}": ${file} does not exist. Known labs: ${known.join(", ") || "(none)"}`,
    );
  }
  const mod = await importLab(id, dir, file);
  if (!isDefinedLab(mod.default)) {
    throw new LabNotFoundError(
      `labs/${id}/lab.ts must \`export default defineLab({...})\` from "@/lib/labs/define"`,
    );
  }
  if (mod.default.id !== id) {
    throw new LabNotFoundError(
      `labs/${id}/lab.ts defines id "${mod.default.id}"; the id must equal the folder name "${id}"`,
    );
  }
  return mod.default;
}

async function importLab(id: string, dir: string, file: string): Promise<{ default?: unknown }> {
  if (bundledLabs?.dir !== dir) return (await import(pathToFileURL(file).href)) as { default?: unknown };
  const mod = bundledLabs.modules.get(id);
  if (!mod)
    throw new LabNotFoundError(
      `Lab "${id}" was added after this worker built its run child; restart the worker (npm start) to run it`,
    );
  return mod;
}

export async function listLabs(opts: LabsDirOption = {}): Promise<LabDefinition[]> {
  const ids = await listLabIds(opts);
  return Promise.all(ids.map((id) => loadLab(id, opts)));
}

export interface LabLoadFailure {
  id: string;
  error: Error;
}

/** Loads every lab, collecting failures instead of stopping at the first broken lab. */
export async function loadAllLabs(
  opts: LabsDirOption = {},
): Promise<{ labs: LabDefinition[]; failures: LabLoadFailure[] }> {
  const labs: LabDefinition[] = [];
  const failures: LabLoadFailure[] = [];
  for (const id of await listLabIds(opts)) {
    try {
      labs.push(await loadLab(id, opts));
    } catch (err) {
      failures.push({ id, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return { labs, failures };
}
