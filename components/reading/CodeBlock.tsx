import type { ComponentPropsWithoutRef } from "react";
import { CopyCodeButton } from "./CopyCodeButton";

type PreProps = ComponentPropsWithoutRef<"pre"> & {
  title?: string;
  "data-language"?: string;
  "data-title"?: string;
};

/** A build-time highlighted code block (shiki) with its title, language and a copy button. */
export function CodeBlock({ title, ...props }: PreProps) {
  const label = title ?? props["data-title"];
  const language = props["data-language"];
  return (
    <div className="code-block">
      <div className="code-block-bar">
        {label ? <span className="code-block-title">{label}</span> : null}
        {language && language !== "text" ? <span className="code-block-lang">{language}</span> : null}
        <CopyCodeButton />
      </div>
      <pre tabIndex={0} {...props} />
    </div>
  );
}
