import { Fragment } from "react";

/**
 * Grade text with `backticked` names shown as code, as in statements. Diagnoses are plain
 * sentences written by labs (and may quote student values), so this is the only markup.
 */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
