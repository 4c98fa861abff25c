/**
 * `npm run new:lab -- <id>`: a new lab folder copied from ./scaffold-template — the smallest
 * complete lab on the kit (a replicated counter on lib/cluster with the history kit, one
 * implement task, a reference and a known-wrong solution, and the test that proves both).
 * The template is real TypeScript the type checker and linter see; only its id, title and
 * chapter are placeholders.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LABS_DIR } from "./discover";

export interface ScaffoldOptions {
  dir?: string;
  title?: string;
  chapter?: string;
}

const ID = /^[a-z][a-z0-9-]*$/;
const TEMPLATE_DIR = fileURLToPath(new URL("./scaffold-template/", import.meta.url));

async function templateFiles(dir = TEMPLATE_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? templateFiles(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}

/** Creates labs/<id>/ and returns the files written; refuses to overwrite an existing lab. */
export async function scaffoldLab(id: string, { dir = LABS_DIR, title, chapter = "core-concepts" }: ScaffoldOptions = {}): Promise<string[]> {
  if (!ID.test(id)) throw new Error(`"${id}" is not a valid lab id: use a lowercase slug like "circuit-breaker"`);
  if (!ID.test(chapter)) throw new Error(`"${chapter}" is not a chapter slug: use e.g. "resilient-apis"`);
  const root = join(dir, id);
  if (existsSync(root)) throw new Error(`${root} already exists; pick another id or delete it first`);
  const labTitle = title ?? id.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
  const written: string[] = [];
  for (const source of await templateFiles()) {
    const text = (await readFile(source, "utf8")).replaceAll("__LAB_ID__", id).replaceAll("__LAB_TITLE__", labTitle.replace(/"/g, '\\"')).replaceAll("__CHAPTER__", chapter);
    const path = join(root, relative(TEMPLATE_DIR, source).replace(/\.template$/, ""));
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}
