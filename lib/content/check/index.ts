import path from "node:path";
import { embeddableLabIds } from "@/lib/catalogue";
import { readAllEntries, readEntry, type ChapterEntry } from "../entries";
import { slugFromFile } from "../files";
import { isExtraContent, repoRoot } from "../paths";
import { sortProblems, type ContentProblem } from "../problems";
import { checkChapter, type CheckContext } from "./chapter";

export { checkChapter, type CheckContext } from "./chapter";

export async function buildCheckContext(entries?: ChapterEntry[]): Promise<CheckContext> {
  return { entries: entries ?? (await readAllEntries()), knownLabs: await embeddableLabIds() };
}

/**
 * Checks the given files (default: every chapter in content/; fixture chapters in
 * FAULTLINE_EXTRA_CONTENT_DIR only when named). Links resolve against all chapters in the
 * content dirs plus the given files, so a fixture can link to a real chapter.
 */
export async function checkContent(files?: string[]): Promise<ContentProblem[]> {
  const all = await readAllEntries();
  let targets = all.filter((e) => !isExtraContent(e.file));
  if (files && files.length > 0) {
    targets = await Promise.all(
      files.map(async (f) => {
        const abs = path.resolve(repoRoot(), f);
        return all.find((e) => e.file === abs) ?? (await readEntry(abs, slugFromFile(abs) ?? ""));
      }),
    );
  }
  const entries = [...all, ...targets.filter((t) => !all.includes(t))];
  const ctx = await buildCheckContext(entries);
  const problems: ContentProblem[] = [];
  for (const entry of targets) problems.push(...(await checkChapter(entry, ctx)));
  return sortProblems(problems);
}
