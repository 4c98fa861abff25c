import next from "eslint-config-next";

const config = [
  { ignores: ["node_modules/**", ".next*/**", ".cache/**", ".d3tmp/**", ".data/**", "lib/generated/**", "tests/fixtures/**", "next-env.d.ts", "bench/peers/**", "test-results/**", "playwright-report/**"] },
  ...next,
  {
    rules: {
      "@next/next/no-img-element": "off",
    },
  },
];
export default config;
