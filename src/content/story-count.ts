// How the newsroom counts stories in its messages and pages: "1 story", "12 stories".
export const storyCount = (n: number): string => (n === 1 ? '1 story' : `${n} stories`);
