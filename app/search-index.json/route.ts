import { buildSearchIndex } from "@/components/search/build-search-index";

// Built once by `next build` and served as a static file.
export const dynamic = "force-static";

export async function GET() {
  const index = await buildSearchIndex();
  return new Response(JSON.stringify(index), {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
