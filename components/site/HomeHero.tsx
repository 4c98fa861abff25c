import Link from "next/link";
import { Activity, ArrowRight } from "lucide-react";

const PILLARS = [
  { title: "Read", text: "Short chapters on consistency, fault tolerance and resilient APIs, with diagrams you can present." },
  { title: "Break", text: "Labs start real components — replica processes, Redis rate limiters, flaky services — and inject faults." },
  { title: "Get graded", text: "Every run records a Jepsen-style history; a checker finds the anomaly and grades your work." },
];

export function HomeHero({ firstChapter }: { firstChapter?: string }) {
  return (
    <section className="home-hero" aria-labelledby="home-title">
      <p className="home-kicker">
        <Activity aria-hidden="true" size={15} /> Faultline
      </p>
      <h1 id="home-title">Learn distributed systems by breaking real ones.</h1>
      <p className="home-lede">
        Read a chapter, then crash a replica, partition the network or skew a clock — and watch which guarantee
        breaks, and where.
      </p>
      <div className="home-actions">
        {firstChapter ? (
          <Link className="chip-button is-primary" href={`/chapters/${firstChapter}`}>
            Start reading <ArrowRight aria-hidden="true" size={15} />
          </Link>
        ) : null}
        <a className="chip-button" href="#chapters">
          See all chapters
        </a>
      </div>
      <ul className="home-pillars" aria-label="How it works">
        {PILLARS.map((pillar) => (
          <li key={pillar.title}>
            <strong>{pillar.title}</strong>
            <span>{pillar.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
