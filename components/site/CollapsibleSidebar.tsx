"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { PanelLeft } from "lucide-react";

/** On narrow screens the chapter list folds behind a button; on wide screens it is always shown (CSS). */
export function CollapsibleSidebar({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const panelId = useId();

  // eslint-disable-next-line react-hooks/set-state-in-effect -- close after navigating to another chapter
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className={`collapsible-sidebar${open ? " is-open" : ""}`}>
      <button
        type="button"
        className="sidebar-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <PanelLeft aria-hidden="true" size={16} /> {label}
      </button>
      <div id={panelId} className="sidebar-panel">
        {children}
      </div>
    </div>
  );
}
