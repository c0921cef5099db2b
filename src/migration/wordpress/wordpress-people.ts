import type { SourcePerson } from '../source-model.js';
import type { WxrAuthor } from './wxr-records.js';

// Bylines: the declared `wp:author` list, plus anyone items name without declaring
// (WXR 1.0 has no list; Co-Authors Plus guest authors; hand-made files). A person's
// sourceId is the login items name them by, never an email address.

export interface BylineResolution {
  sourceId: string;
  /** Set when the file's value had to be repaired to find the person. */
  warning: string | null;
}

export class WordpressPeople {
  private readonly declared = new Map<string, SourcePerson>();
  private readonly undeclared = new Map<string, SourcePerson>();

  declare(author: WxrAuthor): void {
    if (!author.login || this.declared.has(author.login)) return;
    const fullName = `${author.firstName} ${author.lastName}`.trim();
    this.declared.set(author.login, person(author.login, author.displayName || fullName || author.login, author.email));
  }

  /** `dc:creator`: a login, sometimes damaged by old exporters (`>themereviewteam`), sometimes an email. */
  resolveCreator(raw: string): BylineResolution | null {
    if (this.declared.has(raw)) return { sourceId: raw, warning: null };
    const cleaned = raw.trim().replace(/^[<>\s]+|[<>\s]+$/g, '');
    if (!cleaned) return null;
    if (this.declared.has(cleaned)) return { sourceId: cleaned, warning: `byline "${raw}" read as the author "${cleaned}"` };
    const local = cleaned.includes('@') ? cleaned.slice(0, cleaned.indexOf('@')) : cleaned;
    if (!this.undeclared.has(local)) this.undeclared.set(local, person(local, local, cleaned.includes('@') ? cleaned : ''));
    return { sourceId: local, warning: null };
  }

  /** Co-Authors Plus `<category domain="author" nicename="…">Name</category>`. */
  resolveCoAuthor(nicename: string, name: string): string {
    if (this.declared.has(nicename)) return nicename;
    const byNicename = [...this.declared.keys()].find((login) => userNicename(login) === nicename);
    if (byNicename) return byNicename;
    if (!this.undeclared.has(nicename)) this.undeclared.set(nicename, person(nicename, name || nicename, ''));
    return nicename;
  }

  all(): SourcePerson[] {
    return [...this.declared.values(), ...this.undeclared.values()];
  }
}

function person(login: string, name: string, email: string): SourcePerson {
  const slug = userNicename(login);
  return { sourceId: login, slug, name, bio: '', email, imageUrl: null, oldPaths: [`/author/${slug}/`] };
}

/** WordPress's user_nicename: the login, lowercased, with anything but letters, digits, `-` and `_` made a hyphen. */
function userNicename(login: string): string {
  return login
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
