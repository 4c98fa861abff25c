import * as React from "react";
import * as ReactDOM from "react-dom";
import * as jsxRuntime from "react/jsx-runtime";
import { mdxComponents } from "./mdx-components";

type MdxModule = { default: (props: { components?: Record<string, unknown> }) => React.ReactNode };

const evaluated = new Map<string, MdxModule["default"]>();

/**
 * Runs mdx-bundler's output in this server component. This is mdx-bundler's own
 * getMDXComponent (three lines) written here so it uses the React that Next bundles for
 * server components, not the copy Node would load for the external mdx-bundler package.
 */
function componentFor(code: string): MdxModule["default"] {
  let component = evaluated.get(code);
  if (!component) {
    const scope = { React, ReactDOM, _jsx_runtime: jsxRuntime };
    const run = new Function(...Object.keys(scope), code) as (...args: unknown[]) => MdxModule;
    component = run(...Object.values(scope)).default;
    evaluated.set(code, component);
  }
  return component;
}

export function MdxContent({ code }: { code: string }) {
  // Called as a function: the compiled MDX is a pure, hook-free function of its props, and
  // it is cached per code string, so there is no component identity to preserve.
  return componentFor(code)({ components: mdxComponents });
}
