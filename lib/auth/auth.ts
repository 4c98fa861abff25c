/**
 * Accounts: better-auth with its Prisma adapter, mounted at /api/auth/*. Email and password,
 * sessions in Postgres, our `role` on the user (never settable by the user), and sign-in /
 * sign-up rate limited per client address and per account with our Redis token bucket.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { createRedis } from "@/lib/queue/redis";
import { clientAddress } from "@/lib/runs/client-ip";
import { enforceAuthLimits } from "./rate-limit";
import { authSettings } from "./settings";

const LIMITED_PATHS = new Set(["/sign-in/email", "/sign-up/email"]);

const holder = globalThis as unknown as { __faultlineAuthRedis?: ReturnType<typeof createRedis> };
function redis() {
  holder.__faultlineAuthRedis ??= createRedis();
  return holder.__faultlineAuthRedis;
}

function createAuth() {
  // Throws in production without a real secret and an https URL (see settings.ts).
  const { secret, baseURL } = authSettings(process.env, config().PORT);
  return betterAuth({
    appName: "Faultline",
    secret,
    baseURL,
    // Any host this server answers on (tests use 127.0.0.1 with a random port).
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "student", input: false },
      },
    },
    // We limit with our own token bucket below instead of better-auth's fixed windows.
    rateLimit: { enabled: false },
    logger: { level: "error" },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!LIMITED_PATHS.has(ctx.path)) return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : undefined;
        const address = clientAddress(ctx.request?.headers ?? ctx.headers ?? new Headers());
        await enforceAuthLimits(redis(), `${config().FAULTLINE_REDIS_PREFIX}:auth-limit`, ctx.path, address, email);
      }),
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const authHolder = globalThis as unknown as { __faultlineAuth?: Auth };

export function auth(): Auth {
  authHolder.__faultlineAuth ??= createAuth();
  return authHolder.__faultlineAuth;
}
