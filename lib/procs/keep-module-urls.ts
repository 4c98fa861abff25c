/**
 * An esbuild plugin that keeps `import.meta.url` meaning the source file's URL inside a
 * bundle. esbuild gives every bundled module the bundle's own URL (under node_modules/.cache),
 * so `new URL("./programs/replica.ts", import.meta.url)` in a lab would point at a file that
 * is not there. esbuild's `define` replaces the expression itself (never the same words in a
 * string or a comment), file by file; only our own sources are touched, packages keep theirs.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { transform, type Plugin } from "esbuild";

export function keepModuleUrls(): Plugin {
  return {
    name: "keep-module-urls",
    setup(build) {
      build.onLoad({ filter: /\.(m?ts|tsx)$/ }, async ({ path }) => {
        if (path.includes("/node_modules/")) return undefined;
        const source = await readFile(path, "utf8");
        if (!source.includes("import.meta")) return undefined;
        const loader = path.endsWith(".tsx") ? "tsx" : "ts";
        const { code } = await transform(source, {
          loader,
          sourcefile: path,
          define: { "import.meta.url": JSON.stringify(pathToFileURL(path).href) },
        });
        return { contents: code, loader: "js" };
      });
    },
  };
}
