import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NewsroomAssets } from '../render/newsroom/newsroom-view.js';
import type { AssetsView } from '../render/html/view-model.js';

// The build writes hashed asset names to dist/assets/manifest.json; pages link to those.
export const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url));

interface Manifest extends AssetsView {
  newsroomStylesheet?: string;
  newsroomEditor?: string;
  newsroomAutosave?: string;
}

function readManifest(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as Manifest;
  if (!manifest.stylesheet || !manifest.script || !Array.isArray(manifest.fonts)) {
    throw new Error(`${dir}/manifest.json is incomplete; run npm run build`);
  }
  return manifest;
}

export function readAssetsManifest(dir = ASSETS_DIR): AssetsView {
  const { stylesheet, script, fonts, icon, liveUpdates } = readManifest(dir);
  // The live coverage script (src/client/live-updates.ts) only on live stories' pages.
  return { stylesheet, script, fonts, icon, ...(liveUpdates && { liveUpdates }) };
}

/** The newsroom's own stylesheet and scripts (editor, autosave); reader pages never load them. */
export function readNewsroomAssets(dir = ASSETS_DIR): NewsroomAssets {
  const manifest = readManifest(dir);
  const scripts = [manifest.newsroomEditor, manifest.newsroomAutosave].filter((src): src is string => typeof src === 'string');
  return { stylesheet: manifest.newsroomStylesheet ?? manifest.stylesheet, icon: manifest.icon, scripts };
}
