/** A task statement: paragraphs with **bold** and `code` (enough for statements; no HTML). */
import { Fragment } from "react";

function inline(text: string) {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g).map((part, i) => {
    if (part.startsWith("**") && part.endsWith("**")) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("`") && part.endsWith("`")) return <code key={i}>{part.slice(1, -1)}</code>;
    return <Fragment key={i}>{part}</Fragment>;
  });
}

export function Statement({ markdown }: { markdown: string }) {
  return (
    <div className="lab-statement">
      {markdown
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>{inline(p.trim())}</p>
        ))}
    </div>
  );
}
