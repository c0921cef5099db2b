import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// A TOTP secret has to be read back to check a code, so it cannot be hashed like a
// password. It is stored encrypted (AES-256-GCM) under a key derived from SECRET_KEY, so a
// copy of the database alone (a leaked backup) does not give away anyone's second factor.
// A site restored with a different SECRET_KEY cannot read them: its staff sign in with a
// recovery code or have an administrator reset their two-factor (docs/two-factor.md).

const FORMAT = 'v1';

function keyFrom(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'masthead two-factor secret', 32));
}

export function sealTotpSecret(secretKey: string, secret: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The secret, or null when it was sealed under another key or is damaged. */
export function openTotpSecret(secretKey: string, stored: string): Buffer | null {
  const [format, iv, tag, sealed] = stored.split('.');
  if (format !== FORMAT || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
  } catch {
    return null;
  }
}
