import type { SourceEvent, SourceReader } from '../source-model.js';
import { indexWordpressExport, type WordpressIndex } from './wordpress-index.js';
import { mapWordpressItem } from './wordpress-story.js';
import { readWxrRecord } from './wxr-records.js';
import { readChannelChildren } from './wxr-xml-stream.js';

// The WordPress source reader. Opening the file runs pass 1 (wordpress-index.ts), so a
// broken or foreign file throws SourceFormatError here and nothing is ever yielded;
// `events()` then yields the site, people, terms and images from that index and streams
// the stories in pass 2. Images are never carried in a WXR file: the runner finds them
// in --media DIR or fetches them, so `asset()` always answers null.

export async function openWordpressExport(file: string): Promise<SourceReader> {
  const index = await indexWordpressExport(file);
  let iterated = false;
  return {
    events() {
      if (iterated) throw new Error('a WordPress export can be read once per open');
      iterated = true;
      return wordpressEvents(file, index);
    },
    asset: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  };
}

async function* wordpressEvents(file: string, index: WordpressIndex): AsyncGenerator<SourceEvent> {
  yield { kind: 'site', site: index.site };
  for (const person of index.people.all()) yield { kind: 'person', person };
  for (const term of index.terms.all()) yield { kind: 'term', term };
  for (const { image } of index.attachments.values()) yield { kind: 'image', image };
  for await (const node of readChannelChildren(file)) {
    const record = readWxrRecord(node);
    if (record.kind !== 'item') continue;
    const outcome = mapWordpressItem(record.item, index);
    if (outcome.kind === 'story') yield { kind: 'story', story: outcome.story };
    else if (outcome.kind === 'skipped') yield { kind: 'skipped', sourceId: outcome.sourceId, reason: outcome.reason };
  }
  for (const item of index.notImported) yield { kind: 'not-imported', item };
}
