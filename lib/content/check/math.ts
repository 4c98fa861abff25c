import katex from "katex";
import type { InlineMath, Math } from "mdast-util-math";
import type { ContentProblem } from "../problems";

/** KaTeX in strict parse mode, the same engine rehype-katex renders with. */
export function checkMath(nodes: (Math | InlineMath)[], file: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const node of nodes) {
    const displayMode = node.type === "math";
    try {
      katex.renderToString(node.value, { displayMode, throwOnError: true, strict: "ignore" });
    } catch (err) {
      const e = err as Error & { position?: number; rawMessage?: string };
      const start = node.position?.start ?? { line: 1, column: 1 };
      const offset = e.position ?? 0;
      const before = node.value.slice(0, offset);
      const nl = before.split("\n").length - 1;
      // Block math content starts on the line after `$$`; inline after the opening `$`.
      const line = start.line + nl + (displayMode ? 1 : 0);
      const column =
        nl > 0 || displayMode ? offset - before.lastIndexOf("\n") : start.column + 1 + offset;
      problems.push({
        file,
        line,
        column,
        message: `math does not render (KaTeX): ${e.rawMessage ?? e.message}`,
        kind: "math",
      });
    }
  }
  return problems;
}
