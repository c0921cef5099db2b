import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_PROXY } from '../helpers/chromium.js';

// One Chromium for the whole browser layer: each file connects to it and works in fresh
// contexts (own cookies, storage and cache), instead of paying for a browser start per file.

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumEndpoint: string;
  }
}

export default async function startSharedChromium(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, proxy: CHROMIUM_PROXY });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
