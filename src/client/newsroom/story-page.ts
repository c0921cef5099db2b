import { mountPickers } from './combobox.js';
import { enhanceStorySettings } from './story-settings.js';

// The story editor page's own enhancements beside the body editor: the settings panel and
// the pickers for sections, bylines and tags. Other newsroom pages have neither.

const enhance = (): void => {
  const settings = document.getElementById('story-settings');
  if (settings instanceof HTMLDetailsElement) enhanceStorySettings(settings);
  mountPickers();
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance, { once: true });
else enhance();
