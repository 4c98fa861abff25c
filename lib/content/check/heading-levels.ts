/**
 * One heading scale for every chapter: the page shows the front matter's title as its only
 * level-1 heading, so the body starts at `##`, never repeats the title, and goes one level
 * deeper at a time (the same rank of section then always gets the same depth, and the table
 * of contents indents the way the text reads).
 */
export interface HeadingAt {
  depth: number;
  text: string;
  at?: { line: number; column: number };
}

export function headingLevelProblems(headings: HeadingAt[], title: string | null): { at?: HeadingAt["at"]; message: string }[] {
  const problems: { at?: HeadingAt["at"]; message: string }[] = [];
  let previous = 1; // the page title
  for (const h of headings) {
    if (title !== null && h.text.trim().toLowerCase() === title.trim().toLowerCase()) {
      problems.push({ at: h.at, message: `heading "${h.text}" repeats the chapter title, which the page already shows above it: remove it or name the section` });
    } else if (h.depth === 1) {
      problems.push({ at: h.at, message: `level-1 heading "${h.text}": the chapter title (front matter) is the page's only level-1 heading; start sections at ##` });
    } else if (h.depth > previous + 1) {
      problems.push({ at: h.at, message: `heading "${h.text}" jumps from level ${previous} to ${h.depth}: use ${"#".repeat(previous + 1)} (one level deeper at a time)` });
    }
    previous = Math.max(h.depth, 1);
  }
  return problems;
}
