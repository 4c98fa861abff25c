/** A heading as listed by the content pipeline (depth 1–6, and 7+ for the deep-heading syntax). */
export interface TocHeading {
  depth: number;
  id: string;
  text: string;
}
