import { Children, isValidElement, type ComponentPropsWithoutRef } from "react";
import { Admonition } from "./Admonition";
import { ChapterTimeline } from "./ChapterTimeline";
import { CodeBlock } from "./CodeBlock";
import { Figure } from "./Figure";
import { headingComponents } from "./Heading";
import { Lab } from "./Lab";
import { Mermaid } from "./Mermaid";
import { textOf } from "./text-of";

type PreProps = ComponentPropsWithoutRef<"pre"> & { "data-language"?: string; "data-title"?: string };

/** `<pre class="mermaid">` (left for the client by the pipeline) becomes a lazy diagram; other `<pre>`s are code. */
function Pre(props: PreProps) {
  if (isMermaid(props)) return <Mermaid chart={textOf(props.children)} />;
  // The pipeline can wrap the mermaid <pre> in the <pre> of its fenced block: unwrap it.
  const only = Children.count(props.children) === 1 ? Children.toArray(props.children)[0] : null;
  if (isValidElement<PreProps>(only) && isMermaid(only.props)) return <Mermaid chart={textOf(only.props.children)} />;
  return <CodeBlock {...props} />;
}

function isMermaid(props: PreProps): boolean {
  return props.className?.split(/\s+/).includes("mermaid") ?? false;
}

function Table(props: ComponentPropsWithoutRef<"table">) {
  // Wide tables scroll inside their own box instead of widening the page.
  return (
    <div className="table-scroll" role="region" aria-label="Table" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

/** Every element and component a chapter's MDX may use (see lib/content for what it emits). */
export const mdxComponents = {
  ...headingComponents,
  pre: Pre,
  table: Table,
  Lab,
  Admonition,
  CodeBlock,
  Mermaid,
  Figure,
  Timeline: ChapterTimeline,
};
