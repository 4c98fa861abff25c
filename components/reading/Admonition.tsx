import type { ReactNode } from "react";
import { CircleAlert, Info, Lightbulb, OctagonAlert, Pencil, type LucideIcon } from "lucide-react";

export type AdmonitionKind = "note" | "info" | "tip" | "warning" | "danger";

const KINDS: Record<AdmonitionKind, { label: string; Icon: LucideIcon }> = {
  note: { label: "Note", Icon: Pencil },
  info: { label: "Info", Icon: Info },
  tip: { label: "Tip", Icon: Lightbulb },
  warning: { label: "Warning", Icon: CircleAlert },
  danger: { label: "Danger", Icon: OctagonAlert },
};

export function Admonition({ kind, title, children }: { kind: string; title?: string; children?: ReactNode }) {
  const known: AdmonitionKind = kind in KINDS ? (kind as AdmonitionKind) : "note";
  const { label, Icon } = KINDS[known];
  return (
    <aside className={`admonition admonition-${known}`} role="note" aria-label={title ?? label}>
      <p className="admonition-title">
        <Icon aria-hidden="true" size={16} />
        <span>{title ?? label}</span>
      </p>
      <div className="admonition-body">{children}</div>
    </aside>
  );
}
