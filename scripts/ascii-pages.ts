/** `npm run build`'s last step: the prerendered pages of the build in FAULTLINE_NEXT_DIST_DIR (or .next) to ASCII. */
import { asciiPrerenderedPages } from "./setup/ascii-pages";
import { distDir } from "./setup/build";

console.log(`ascii pages: ${asciiPrerenderedPages(distDir(process.cwd()))} prerendered pages rewritten`);
