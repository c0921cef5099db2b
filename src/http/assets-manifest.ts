import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AssetsView } from '../render/view-model.js';

// The build writes hashed asset names to dist/assets/manifest.json; pages link to those.
export const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url));

export function readAssetsManifest(dir = ASSETS_DIR): AssetsView {
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as AssetsView;
  if (!manifest.stylesheet || !manifest.script || !Array.isArray(manifest.fonts)) {
    throw new Error(`${dir}/manifest.json is incomplete; run npm run build`);
  }
  return manifest;
}
