import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shutdownContentWorkers } from "@/lib/content";
import { checkContent } from "@/lib/content/check";
import { formatProblem, type ContentProblem } from "@/lib/content/problems";

const DIR = "tests/fixtures/content/check";
let problems: ContentProblem[] = [];

/** `line:col kind` for one fixture file, in order. */
function found(file: string): string[] {
  return problems.filter((p) => p.file === `${DIR}/${file}`).map((p) => `${p.line}:${p.column} ${p.kind}`);
}
function messages(file: string): string[] {
  return problems.filter((p) => p.file === `${DIR}/${file}`).map((p) => p.message);
}

// One check over every fixture: starting the mermaid, D2, TypeScript and Python checkers is
// the slow part, and it is shared. Generous timeout: the machine is shared with other builds.
beforeAll(async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith(".mdx")).map((f) => path.join(DIR, f));
  problems = await checkContent(files);
}, 600_000);

afterAll(async () => {
  await shutdownContentWorkers();
});

describe("content check", () => {
  it("reports footnote references without a definition, and unused definitions", () => {
    expect(found("10-footnotes.mdx")).toEqual(["9:14 footnote-missing", "12:36 footnote-missing", "15:1 footnote-unused"]);
    expect(messages("10-footnotes.mdx")[0]).toContain("[^clock] has no definition");
    expect(messages("10-footnotes.mdx")[2]).toContain("[^orphan] is defined but never referenced");
  });

  it("catches both of the seed's bugs: the undefined [^clock] and `await` in a plain def", () => {
    expect(found("11-seed-bugs.mdx")).toEqual(["10:74 footnote-missing", "15:14 code"]);
    expect(messages("11-seed-bugs.mdx")[1]).toBe("Python code block does not parse: 'await' outside async function");
  });

  it("reports links to missing anchors, chapters and pages — relative ones resolved as the browser does — including reference definitions", () => {
    expect(found("12-links.mdx")).toEqual(["9:31 link", "11:49 link", "12:5 link", "14:1 link", "16:11 link", "16:82 link", "17:91 link"]);
    expect(messages("12-links.mdx")).toEqual([
      'link to missing heading anchor "#nowhere" in this chapter',
      'link to missing heading anchor "#no-such-heading" in chapter "images"',
      'link to missing chapter "/chapters/does-not-exist": no content/NN-does-not-exist.mdx',
      'link to missing chapter "/chapters/gone": no content/NN-gone.mdx',
      'link to missing chapter "./no-such-chapter" (/chapters/no-such-chapter): no content/NN-no-such-chapter.mdx',
      'link to a page that does not exist: "../nowhere" (/nowhere) — chapters are /chapters/<slug>, files in public/ are /<file>',
      'link to a page that does not exist: "/chapters/nope/extra" — chapters are /chapters/<slug>, files in public/ are /<file>',
    ]);
  });

  it("reports missing image files, missing alt text and remote images", () => {
    expect(found("13-images.mdx")).toEqual(["9:1 image", "11:1 image", "11:1 image", "13:1 image"]);
    expect(messages("13-images.mdx")[0]).toContain('missing image "/images/definitely-missing.svg"');
    expect(messages("13-images.mdx")[1]).toContain("has no alt text");
  });

  it("reports unknown lab ids in front matter and in <Lab>, accepting catalogue ids", () => {
    expect(found("14-labs.mdx")).toEqual(["5:22 lab", "14:1 lab"]);
    expect(messages("14-labs.mdx")).toEqual([
      expect.stringContaining('unknown lab id "not-a-lab"'),
      expect.stringContaining('unknown lab id "mystery-lab"'),
    ]);
  });

  it("reports mermaid that mermaid's parser rejects and D2 that does not compile", () => {
    expect(found("15-diagrams.mdx")).toEqual([expect.stringMatching(/^18:\d+ mermaid$/), expect.stringMatching(/^26:\d+ d2$/)]);
    expect(messages("15-diagrams.mdx")[1]).toContain("maps must be terminated with }");
  });

  it("reports math KaTeX rejects, inline and block, on the offending line", () => {
    expect(found("16-math.mdx")).toEqual(["9:50 math", "17:1 math"]);
    expect(messages("16-math.mdx")[1]).toContain("Undefined control sequence: \\badcommand");
  });

  it("reports ts/js/json/yaml/sql/python blocks that do not parse, at the line inside the block", () => {
    expect(found("17-code.mdx")).toEqual(["14:17 code", "18:14 code", "23:7 code", "28:12 code", "32:22 code", "42:12 code"]);
    expect(messages("17-code.mdx").map((m) => m.split(":")[0])).toEqual([
      "TypeScript code block does not parse",
      "JavaScript code block does not parse",
      "JSON code block does not parse",
      "YAML code block does not parse",
      "SQL code block does not parse",
      "Python code block does not parse",
    ]);
  });

  it("reports bad and missing front matter at the key's line", () => {
    expect(found("18-front-matter.mdx")).toEqual(["1:1 front-matter", "3:8 front-matter", "4:8 front-matter", "5:1 front-matter"]);
    expect(messages("18-front-matter.mdx")[0]).toBe('front matter: "summary" is required');
    expect(messages("18-front-matter.mdx")[3]).toContain('unknown front matter key "colour"');
    expect(found("19-no-front-matter.mdx")).toEqual(["1:1 front-matter"]);
  });

  it("reports duplicate orders on both chapters and badly named files", () => {
    expect(found("23-order-a.mdx")).toEqual(["4:1 front-matter"]);
    expect(found("24-order-b.mdx")).toEqual(["4:1 front-matter"]);
    expect(found("bad_name.mdx")).toEqual(["1:1 file-name"]);
  });

  it("reports duplicate heading anchors and unknown admonition kinds, not deep headings", () => {
    expect(found("20-headings.mdx")).toEqual(["11:1 heading-duplicate", "13:1 heading-level", "22:1 directive"]);
    expect(messages("20-headings.mdx")[1]).toContain("jumps from level 2 to 7: use ###");
    expect(messages("20-headings.mdx")[0]).toContain('duplicate heading anchor "#setup" (first at line 7)');
  });

  it("reports a heading that repeats the title, a level-1 heading in the body and a skipped level, not depth itself", () => {
    expect(found("25-heading-levels.mdx")).toEqual(["7:1 heading-level", "9:1 heading-level", "25:1 heading-level"]);
    expect(messages("25-heading-levels.mdx")).toEqual([
      'heading "Heading levels fixture" repeats the chapter title, which the page already shows above it: remove it or name the section',
      'level-1 heading "Another title": the chapter title (front matter) is the page\'s only level-1 heading; start sections at ##',
      'heading "Four straight after two" jumps from level 2 to 4: use ### (one level deeper at a time)',
    ]);
  });

  it("reports a <Timeline> the page cannot draw, at its line, naming the field", () => {
    expect(found("26-timeline.mdx")).toEqual(["13:1 timeline", "15:11 timeline", "17:1 timeline", "17:1 timeline"]);
    expect(messages("26-timeline.mdx")).toEqual([
      "<Timeline> ops[0].end: ends (3) before it starts (5)",
      '<Timeline> ops: write a literal value here, not the name "someVariable"',
      '<Timeline> ops[0]: Unrecognized key: "colour"',
      "<Timeline> ops[0].process: Too small: expected number to be >=1",
    ]);
  });

  it("reports MDX that does not parse", () => {
    expect(found("22-mdx-syntax.mdx")).toEqual([expect.stringMatching(/^10:\d+ mdx$/)]);
  });

  it("finds nothing wrong in a clean chapter", () => {
    expect(found("21-clean.mdx")).toEqual([]);
  });

  it("formats each problem as path:line:col: message on one line", () => {
    const json = problems.find((p) => p.file.endsWith("17-code.mdx") && p.message.startsWith("JSON"))!;
    expect(formatProblem(json)).toMatch(/^tests\/fixtures\/content\/check\/17-code\.mdx:23:7: JSON code block does not parse: \S/);
    expect(formatProblem(json)).not.toContain("\n");
  });

  it("names only files and commands this repository has in its messages", () => {
    const named = problems.flatMap((p) => [...p.message.matchAll(/(?:^|[\s(`])((?:[\w.-]+\/)*[\w-]+\.(?:md|ts|json))\b/g)].map((m) => m[1]!));
    expect(named).toContain("lib/catalogue/planned-labs.ts");
    for (const file of named) expect(existsSync(file), `a message names ${file}`).toBe(true);
    const commands = problems.flatMap((p) => [...p.message.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    const scripts = Object.keys((JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(scripts).toContain(command);
  });
});
