// A reader's email address, checked strictly at the edge (SECURITY.md, "email headers"):
// one address, no display name, nothing that could break a header, and a domain that
// could exist. Addresses are stored lower-cased so a sign-up and an import merge.

export type AddressCheck = { ok: true; email: string } | { ok: false; reason: string };

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkSubscriberAddress(raw: unknown): AddressCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'Enter an email address.' };
  const email = raw.trim().toLowerCase();
  if (email.length > 254) return { ok: false, reason: 'An email address has at most 254 characters.' };
  if (/[\s<>,;"\\()[\]]/.test(email) || /[\u0000-\u001f\u007f]/.test(email)) {
    return { ok: false, reason: 'An email address cannot contain spaces, quotes, brackets, commas or semicolons.' };
  }
  const at = email.lastIndexOf('@');
  if (at === -1) return { ok: false, reason: 'An email address needs an @, as in name@example.org.' };
  if (email.indexOf('@') !== at) return { ok: false, reason: 'An email address has only one @.' };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === '') return { ok: false, reason: 'Something must come before the @.' };
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, reason: 'The part before the @ is not valid.' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, reason: 'The part after the @ must be a domain, as in example.org.' };
  }
  if (!/^[a-z]{2,63}$|^xn--[a-z0-9-]{1,59}$/.test(labels.at(-1)!))
    return { ok: false, reason: 'The domain after the @ does not end in a real top-level domain.' };
  return { ok: true, email };
}
