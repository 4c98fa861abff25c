import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { CopyLinkButton } from "./CopyLinkButton";
import { textOf } from "./text-of";

type HeadingTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";
type HeadingProps = ComponentPropsWithoutRef<"h2"> & { children?: ReactNode };

/** A section heading with a hover anchor link and a "copy link" button. */
function Heading({ as: Tag, id, children, ...rest }: HeadingProps & { as: HeadingTag }) {
  if (!id) return <Tag {...rest}>{children}</Tag>;
  const label = textOf(children);
  return (
    <Tag id={id} {...rest} className={["heading", rest.className].filter(Boolean).join(" ")}>
      {children}
      <span className="heading-actions">
        <a className="heading-anchor" href={`#${id}`} aria-label={`Link to section: ${label}`}>
          #
        </a>
        <CopyLinkButton id={id} label={label} />
      </span>
    </Tag>
  );
}

export const headingComponents = {
  h1: (props: HeadingProps) => <Heading as="h1" {...props} />,
  h2: (props: HeadingProps) => <Heading as="h2" {...props} />,
  h3: (props: HeadingProps) => <Heading as="h3" {...props} />,
  h4: (props: HeadingProps) => <Heading as="h4" {...props} />,
  h5: (props: HeadingProps) => <Heading as="h5" {...props} />,
  h6: (props: HeadingProps) => <Heading as="h6" {...props} />,
};
