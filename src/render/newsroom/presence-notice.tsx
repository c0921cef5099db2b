import type { NewsroomContext } from './newsroom-view.js';

// The soft-lock notice on the story editor: "Ada Admin is editing (since 10:32 AM EST)".
// The page renders an empty polite live region, there from the start so screen readers
// announce what appears in it (empty, it takes no room). The editor script's heartbeat
// (at load, then every 30 s: src/client/newsroom/presence.ts) fills it with the sentence
// the server wrote, so the time follows the newsroom's one clock (the publication's zone).

export interface PresentEditor {
  name: string;
  since: string;
}

/** "At 10:32 AM EST" style: short, in the publication's zone, with the zone named. */
function shortTime(iso: string, where: { zone: string; locale: string }): string {
  return new Intl.DateTimeFormat(where.locale, {
    timeZone: where.zone,
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** One sentence per other person, or '' when nobody else has the story open. */
export function presenceMessage(others: PresentEditor[], where: { zone: string; locale: string }): string {
  return others.map((other) => `${other.name} is editing (since ${shortTime(other.since, where)}).`).join(' ');
}

export function PresenceNotice({ ctx, storyId }: { ctx: NewsroomContext; storyId: number | null }) {
  if (storyId === null || !ctx.csrf) return null;
  return (
    <p
      class="presence-notice"
      role="status"
      aria-live="polite"
      id="presence-notice"
      data-story-presence={`/admin/stories/${storyId}/presence`}
      data-csrf={ctx.csrf}
    ></p>
  );
}
