import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com): a secret "whsec_" + base64 of random bytes;
// each delivery signed "v1," + base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" with
// the secret's bytes (the base64 part decoded).

export const secretPrefix = 'whsec_';

/** A new signing secret: 32 random bytes. */
export function newSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64');
}

/** The webhook-signature header's value for one delivery attempt. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
