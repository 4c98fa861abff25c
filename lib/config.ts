/**
 * Runtime configuration, read once from the environment and validated, so a typo fails at
 * start with a message instead of deep inside a request.
 */
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/faultline"),
  /** The labs database (lab runs' own schemas, no app data); default: DATABASE_URL's name + "_labs". */
  LABS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "LABS_DATABASE_URL must be a postgresql:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  /** Every Redis key Faultline writes starts with this, so a shared Redis stays shared. */
  FAULTLINE_REDIS_PREFIX: z.string().min(1).default("faultline"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Bad configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
