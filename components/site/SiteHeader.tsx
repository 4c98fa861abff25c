import Link from "next/link";
import { SearchDialog } from "@/components/search/SearchDialog";
import { AccountNav } from "@/components/account/AccountNav";
import { ThemeToggle } from "./ThemeToggle";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="site-logo" aria-label="Faultline home">
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none">
            <path
              d="M3 12h5l2-6 4 12 2-6h5"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>Faultline</span>
        </Link>
        <nav aria-label="Site" className="site-nav">
          <Link href="/#chapters">Course</Link>
        </nav>
        <div className="site-header-actions">
          <SearchDialog />
          <ThemeToggle />
          <AccountNav />
        </div>
      </div>
    </header>
  );
}
