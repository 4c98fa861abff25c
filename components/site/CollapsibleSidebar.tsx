"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { PanelLeft } from "lucide-react";

/**
 * On narrow screens the chapter list folds behind a toggle; on wide screens it is always
 * shown (CSS). A native <details> so the toggle works before hydration — a button wired by
 * React did nothing when tapped while the page was still loading.
 */
export function CollapsibleSidebar({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();

  // Close after navigating to another chapter.
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);

  return (
    <details ref={ref} className="collapsible-sidebar">
      <summary className="sidebar-toggle">
        <PanelLeft aria-hidden="true" size={16} /> {label}
      </summary>
      <div className="sidebar-panel">{children}</div>
    </details>
  );
}
