import type { ReactNode } from "react";

export type AdmonitionKind = "note" | "info" | "tip" | "warning" | "danger";

const LABELS: Record<AdmonitionKind, string> = {
  note: "Note",
  info: "Info",
  tip: "Tip",
  warning: "Warning",
  danger: "Danger",
};

/**
 * `:::kind[Title]` blocks. The icon comes from CSS (.admonition-title::before, a mask per
 * kind) so it also appears when the pipeline emits a plain <aside class="admonition">.
 */
export function Admonition({ kind, title, children }: { kind: string; title?: string; children?: ReactNode }) {
  const known: AdmonitionKind = kind in LABELS ? (kind as AdmonitionKind) : "note";
  const heading = title ?? LABELS[known];
  return (
    <aside className={`admonition admonition-${known}`} role="note" aria-label={heading}>
      <p className="admonition-title">{heading}</p>
      <div className="admonition-body">{children}</div>
    </aside>
  );
}
