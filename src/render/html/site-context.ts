import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PublicationView } from './view-model.js';
import { createDateFormatter, type DateFormatter } from './format-date.js';

export interface Site {
  publication: PublicationView;
  dates: DateFormatter;
}

// The publication and its date settings reach every component through context, so
// leaf components (a byline, a brief) need no props threaded through every page.
export const SiteContext = createContext<Site | null>(null);

export function createSite(publication: PublicationView): Site {
  return { publication, dates: createDateFormatter(publication) };
}

export function useSite(): Site {
  const site = useContext(SiteContext);
  if (!site) throw new Error('Reader components render inside a SiteContext provider');
  return site;
}
