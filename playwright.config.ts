import { defineConfig } from "@playwright/test";

/**
 * Browser tests run against a production build (the site server, scripts/serve-site.ts) plus one lab worker.
 * `npm test` sets PLAYWRIGHT_PORT to a free port and DATABASE_URL / REDIS_URL /
 * FAULTLINE_REDIS_PREFIX to the test services before calling Playwright; the port must be
 * fixed here (not chosen per process) because this file is loaded by every test worker.
 */
const port = Number(process.env.PLAYWRIGHT_PORT ?? 3100);
// Set here, not only in the server's env: tests (which load this file too) send it to /metrics.
process.env.FAULTLINE_METRICS_TOKEN ??= "browser-tests-metrics-token";
const baseURL = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  // A production server refuses to start without a secret and a safe URL (lib/auth/settings.ts);
  // tests get a throwaway secret, plain http on 127.0.0.1, and the demo accounts they sign in with.
  BETTER_AUTH_SECRET: "faultline-browser-tests-only-secret-0123456789abcdef",
  FAULTLINE_DEMO: "1",
  ...(process.env as Record<string, string>),
  BETTER_AUTH_URL: baseURL,
  PORT: String(port),
  NODE_ENV: "production",
  FAULTLINE_EXTRA_CONTENT_DIR: "tests/fixtures/content/extra",
  // Loopback is these tests' proxy: X-Forwarded-For is believed only from trusted proxies
  // (lib/runs/client-ip.ts), and each test's fake address keeps its own sign-in/up bucket.
  FAULTLINE_TRUSTED_PROXIES: "127.0.0.1,::1",
};

export default defineConfig({
  testDir: "tests/browser",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["json"], ["list"]] : "list",
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      executablePath: process.env.FAULTLINE_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // One command serves both: Playwright kills its process group at the end, so the
  // worker and the site go down together (tests/support/serve-for-browser.ts).
  webServer: {
    command: "npx tsx tests/support/serve-for-browser.ts",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env,
    stdout: "pipe",
    stderr: "pipe",
  },
});
