import { listChapters } from "@/lib/content";
import { ChapterCards } from "@/components/site/ChapterCards";
import { HomeHero } from "@/components/site/HomeHero";

export default async function HomePage() {
  const chapters = await listChapters();
  return (
    <div className="home">
      <HomeHero firstChapter={chapters[0]?.slug} />
      <h2 id="chapters" className="home-section-title">
        The course
      </h2>
      <p className="home-section-lede">
        {chapters.length} chapters, read in order. Each one ends in labs where you break a real system and a checker
        grades what happened.
      </p>
      <ChapterCards chapters={chapters} />
    </div>
  );
}
