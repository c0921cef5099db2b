// What a tag names (SPEC §3): people, organizations and places are shown apart from topics.
export const TAG_KINDS = ['topic', 'person', 'organization', 'place'] as const;
export type TagKind = (typeof TAG_KINDS)[number];
