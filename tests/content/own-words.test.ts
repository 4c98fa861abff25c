/**
 * The course is written in its own words: no run of 12 or more words in a chapter's prose
 * may repeat the source outline it was planned from (tests/fixtures/seed/). Code blocks and
 * headings (and admonition fences) are left out — a heading may name the outline's topic word for word.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const RUN = 12;
const SEED = "tests/fixtures/seed/philosophy-of-distributed-systems.txt";
const words = (text: string) => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];

/** Lines of the chapter whose words start a run of RUN words also found in the seed. */
export function borrowedLines(chapter: string, seed: string): number[] {
  const seedWords = words(seed);
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= seedWords.length; i++) runs.add(seedWords.slice(i, i + RUN).join(" "));
  const tokens: { word: string; line: number }[] = [];
  let inCode = false;
  chapter.split("\n").forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) inCode = !inCode;
    else if (!inCode && !text.startsWith("#") && !text.startsWith(":::")) for (const word of words(text)) tokens.push({ word, line: i + 1 });
  });
  const lines = new Set<number>();
  for (let i = 0; i + RUN <= tokens.length; i++) {
    if (runs.has(tokens.slice(i, i + RUN).map((t) => t.word).join(" "))) lines.add(tokens[i]!.line);
  }
  return [...lines].sort((a, b) => a - b);
}

describe("own words", () => {
  const seed = readFileSync(SEED, "utf8");

  it("finds a borrowed sentence, even across a line break (the check can fail)", () => {
    const line = seed.split("\n").find((l) => words(l).length >= RUN + 2)!;
    const [first, ...rest] = words(line).slice(0, RUN + 2);
    const chapter = `# Title\n\nIntro.\n${first}\n${rest.join(" ")}\n`;
    expect(borrowedLines(chapter, seed)).toEqual([4, 5]); // runs start on both lines
  });

  for (const file of readdirSync("content").filter((f) => f.endsWith(".mdx"))) {
    it(`content/${file} repeats no run of ${RUN} words from the source outline`, () => {
      expect(borrowedLines(readFileSync(path.join("content", file), "utf8"), seed)).toEqual([]);
    });
  }
});
