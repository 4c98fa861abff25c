/** One authoring problem, reported as `path:line:col: message` by the check and the build. */
export interface ContentProblem {
  /** Path relative to the repo root (or absolute when outside it). */
  file: string;
  line: number;
  column: number;
  message: string;
  kind: ProblemKind;
}

export type ProblemKind =
  | "front-matter"
  | "file-name"
  | "footnote-missing"
  | "footnote-unused"
  | "link"
  | "image"
  | "lab"
  | "mermaid"
  | "d2"
  | "math"
  | "code"
  | "heading-duplicate"
  | "heading-level"
  | "timeline"
  | "directive"
  | "mdx";

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${oneLine(p.message)}`;
}

export function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.message.localeCompare(b.message),
  );
}

/** Thrown by the production compile so a broken chapter fails the build with the check's messages. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`Content problems:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ContentError";
  }
}

/** Parser messages sometimes quote the source over several lines; a report line must stay one line. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}
