/** `npm run db:generate`: generate the Prisma client offline (see STACK-NOTES). */
import { generatePrismaClient } from "./setup/prepare";

console.log(generatePrismaClient(process.cwd()) ? "generated" : "up to date");
