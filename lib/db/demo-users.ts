/** The demo accounts `npm start` creates outside production; printed in development only. */
export const DEMO_USERS = [
  { email: "instructor@faultline.local", password: "faultline-instructor", name: "Demo Instructor", role: "admin" as const },
  { email: "student@faultline.local", password: "faultline-student", name: "Demo Student", role: "student" as const },
];

export const DEMO_COURSE = {
  slug: "philosophy-of-distributed-systems",
  title: "The Philosophy of Distributed Systems",
  summary: "Consistency models, fault tolerance and resilient APIs — learned by breaking real systems.",
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A production deployment. `npm start` always serves a production build (NODE_ENV=production
 * for Next), so it tells the server the deployment it was asked for in FAULTLINE_DEPLOYMENT;
 * without it, NODE_ENV decides.
 */
export function isProduction(env: Env = process.env): boolean {
  if (env.FAULTLINE_DEPLOYMENT) return env.FAULTLINE_DEPLOYMENT === "production";
  return env.NODE_ENV === "production";
}

/**
 * Demo accounts (an admin whose password is in the README) exist only outside production,
 * or on a site that says it is a demo with FAULTLINE_DEMO=1 (the test harness does).
 */
export function demoAccountsAllowed(env: Env = process.env): boolean {
  return !isProduction(env) || env.FAULTLINE_DEMO === "1";
}
