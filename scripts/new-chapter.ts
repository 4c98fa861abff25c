/**
 * `npm run new:chapter -- "Title"`: creates content/NN-<slug>.mdx with valid front matter and
 * the next free order. Refuses to overwrite an existing chapter.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { slug as githubSlug } from "github-slugger";
import { readAllEntries } from "@/lib/content/entries";
import { contentDirs, displayPath } from "@/lib/content/paths";

function chapterTemplate(title: string, order: number): string {
  const yamlTitle = JSON.stringify(title);
  return `---
title: ${yamlTitle}
summary: One sentence that tells a reader what this chapter gives them.
order: ${order}
labs: []
draft: true
---

Start with the problem a reader recognises, then the idea that explains it.

## First section

Write here. Embed a lab where it belongs, e.g. \`<Lab id="quorum" />\`, and list it in \`labs:\` above.
`;
}

async function main(): Promise<number> {
  const title = process.argv.slice(2).filter((a) => a !== "--").join(" ").trim();
  if (!title) {
    console.error('usage: npm run new:chapter -- "Chapter title"');
    return 2;
  }
  const slug = githubSlug(title).replace(/[^a-z0-9-]/g, "").replace(/-+/g, "-").replace(/^-|-$/g, "");
  if (!slug) {
    console.error(`cannot make a file name from "${title}": use letters or digits in the title`);
    return 2;
  }
  const dir = contentDirs()[0]!;
  const entries = (await readAllEntries()).filter((e) => path.dirname(e.file) === dir);
  const existing = entries.find((e) => e.slug === slug);
  if (existing) {
    console.error(`${displayPath(existing.file)} already has the slug "${slug}": not overwriting. Pick another title.`);
    return 1;
  }
  const orders = entries.flatMap((e) => (e.frontMatter.ok ? [e.frontMatter.data.order] : []));
  const order = orders.length > 0 ? Math.max(...orders) + 1 : 0;
  const file = path.join(dir, `${String(order).padStart(2, "0")}-${slug}.mdx`);
  await mkdir(dir, { recursive: true });
  try {
    // "wx": fail instead of overwriting, even if a file appeared since we looked.
    await writeFile(file, chapterTemplate(title, order), { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      console.error(`${displayPath(file)} already exists: not overwriting.`);
      return 1;
    }
    throw err;
  }
  console.log(`created ${displayPath(file)} (order ${order}, draft: true — set draft: false to publish)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
