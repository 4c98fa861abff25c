import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", ".next*/**", ".data/**", ".cache/**", ".d3tmp/**", "tests/browser/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one test database and Redis prefix family; files run in
    // parallel processes but each test names its own rows/keys.
    pool: "forks",
    maxWorkers: 2,
  },
});
