import type { Config } from '../config.ts';
import type { DigestItemView, DigestView } from '../digest/read.ts';
import { confirmationHours } from '../digest/subscribers.ts';
import type { Email } from './transport.ts';

// The two emails a subscriber gets: the confirmation of a subscription and the weekly digest. Each is
// text and HTML (simple markup, inline styles only), carries RFC 8058 one-click unsubscribe headers
// (and RFC 2369's List-Unsubscribe) and a Message-ID that stays the same for its outbox row. Titles,
// notes and URLs come from editors: every one is escaped, and only http(s) addresses become links.

export type MailSettings = Pick<Config, 'MAIL_FROM' | 'PUBLIC_URL'>;

export interface Recipient {
  id: number;
  email: string;
  unsubscribeToken: string;
}

export const confirmUrl = (publicUrl: string, token: string) => `${publicUrl}/confirm?token=${encodeURIComponent(token)}`;
/** The unsubscribe page (GET: a button) and, POSTed `List-Unsubscribe=One-Click`, RFC 8058's one click. */
export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
export const digestUrl = (publicUrl: string, week: string) => `${publicUrl}/digest/${encodeURIComponent(week)}`;

/** A model's page on this site (server/http/modelPage.ts serves it). */
export const modelPagePath = (slug: string) => `/models/${encodeURIComponent(slug)}`;

/** Where a model's name links to in an email: the one place to change it. */
export function modelPageUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}${modelPagePath(slug)}`;
}

/** An item on its digest's page (server/http/digestPage.ts gives each item the id `item-<position>`). */
export function digestItemUrl(publicUrl: string, week: string, position: number): string {
  return `${digestUrl(publicUrl, week)}#item-${position}`;
}

/** The host emails' Message-IDs are under: PUBLIC_URL's. */
export function messageIdHost(publicUrl: string): string {
  return new URL(publicUrl).hostname || 'localhost';
}

export function digestMessageId(publicUrl: string, week: string, subscriberId: number): string {
  return `<digest-${week}.subscriber-${subscriberId}@${messageIdHost(publicUrl)}>`;
}

export function confirmationMessageId(publicUrl: string, outboxId: number): string {
  return `<confirm-${outboxId}@${messageIdHost(publicUrl)}>`;
}

/** The headers of every email to a subscriber: RFC 2369 and RFC 8058 (one-click) unsubscribe. */
export function listHeaders(publicUrl: string, recipient: Recipient): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(publicUrl, recipient.unsubscribeToken)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => entities[character]!);
}

/** A link when the address is http(s), else the text alone (an editor's `javascript:` stays text). */
function link(url: string | null | undefined, label: string, style = ''): string {
  if (!url || !/^https?:\/\//i.test(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}" style="${style || 'color:#1a56db;'}">${escapeHtml(label)}</a>`;
}

/** Paragraphs from text: blank lines part them, single line breaks stay. */
function paragraphs(text: string, style: string): string {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => `<p style="${style}">${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f3;">
<div style="max-width:600px;margin:0 auto;padding:24px 20px;background:#ffffff;color:#1a1a1a;${font}font-size:16px;line-height:1.5;">
${body}
</div>
</body>
</html>
`;
}

function footer(publicUrl: string, recipient: Recipient, why: string): { text: string; html: string } {
  const url = unsubscribeUrl(publicUrl, recipient.unsubscribeToken);
  return {
    text: `--\n${why}\nUnsubscribe: ${url}\n`,
    html: `<hr style="border:none;border-top:1px solid #e2e2e2;margin:24px 0 12px;">
<p style="margin:0;font-size:13px;color:#666666;">${escapeHtml(why)} ${link(url, 'Unsubscribe', 'color:#666666;')}.</p>`,
  };
}

/** The confirmation email: one link, valid 48 hours; nothing else is sent unless it is followed. */
export function confirmationEmail(settings: MailSettings, recipient: Recipient, outboxId: number, token: string): Email {
  const url = confirmUrl(settings.PUBLIC_URL, token);
  const subject = 'Confirm your subscription to the Sourced weekly digest';
  const asked = 'Someone, hopefully you, asked to receive the Sourced weekly digest at this address: one short email a week with new models, leaderboard moves and price drops, every number with its source.';
  const expiry = `The link expires in ${confirmationHours} hours. Unless you confirm, nothing else will be sent to this address, and it is deleted within 7 days. If you did not ask for this, ignore this email.`;
  const end = footer(settings.PUBLIC_URL, recipient, 'You get this email because this address was entered to subscribe.');
  const text = `${asked}\n\nConfirm your subscription:\n${url}\n\n${expiry}\n\n${end.text}`;
  const html = page(
    subject,
    `<h1 style="font-size:20px;margin:0 0 16px;">Confirm your subscription</h1>
<p style="margin:0 0 16px;">${escapeHtml(asked)}</p>
<p style="margin:0 0 16px;">${link(url, 'Confirm my subscription', 'display:inline-block;padding:10px 18px;background:#1a56db;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;')}</p>
<p style="margin:0 0 16px;font-size:14px;color:#444444;">Or paste this address into your browser: ${escapeHtml(url)}</p>
<p style="margin:0 0 16px;font-size:14px;color:#444444;">${escapeHtml(expiry)}</p>
${end.html}`,
  );
  return {
    from: settings.MAIL_FROM,
    to: recipient.email,
    subject,
    text,
    html,
    messageId: confirmationMessageId(settings.PUBLIC_URL, outboxId),
    headers: listHeaders(settings.PUBLIC_URL, recipient),
  };
}

function itemText(publicUrl: string, week: string, item: DigestItemView, index: number): string {
  const lines = [`${index + 1}. ${item.headline} (${item.model.name}: ${modelPageUrl(publicUrl, item.model.slug)})`];
  if (item.note) lines.push(`   ${item.note.replace(/\n/g, '\n   ')}`);
  if (item.citation) {
    const where = item.citation.locator ? `, ${item.citation.locator}` : '';
    lines.push(`   Source: ${item.citation.source.title ?? item.citation.source.url}${where}: ${item.citation.source.url}`);
  }
  lines.push(`   On the web: ${digestItemUrl(publicUrl, week, item.position)}`);
  return lines.join('\n');
}

function itemHtml(publicUrl: string, week: string, item: DigestItemView): string {
  const model = link(modelPageUrl(publicUrl, item.model.slug), item.model.name, 'color:#444444;');
  const note = item.note ? `<br><span>${escapeHtml(item.note).replace(/\n/g, '<br>')}</span>` : '';
  const source = item.citation
    ? `<br><span style="font-size:14px;color:#444444;">Source: ${link(item.citation.source.url, item.citation.source.title ?? item.citation.source.url)}${
        item.citation.locator ? `, ${escapeHtml(item.citation.locator)}` : ''
      }</span>`
    : '';
  const headline = link(digestItemUrl(publicUrl, week, item.position), item.headline, 'color:#1a1a1a;');
  return `<li style="margin:0 0 16px;"><strong>${headline}</strong> <span style="font-size:14px;">(${model})</span>${note}${source}</li>`;
}

/**
 * The week's digest, as published: subject = its title; its intro; its items in order, each linked to
 * its place on the digest's page, its model's page and its source.
 */
export function digestEmail(settings: MailSettings, digest: DigestView, recipient: Recipient): Email {
  const publicUrl = settings.PUBLIC_URL;
  const web = digestUrl(publicUrl, digest.week);
  const end = footer(publicUrl, recipient, 'You get this email because you subscribed to the Sourced weekly digest and confirmed it.');
  const intro = digest.intro.trim();
  const text = [
    digest.title,
    `Sourced weekly digest, ${digest.week}`,
    '',
    ...(intro ? [intro, ''] : []),
    ...digest.items.map((item, index) => `${itemText(publicUrl, digest.week, item, index)}\n`),
    `Read it on the web: ${web}`,
    '',
    end.text,
  ].join('\n');
  const html = page(
    digest.title,
    `<p style="margin:0 0 4px;font-size:13px;color:#666666;">Sourced weekly digest · ${escapeHtml(digest.week)}</p>
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px;">${escapeHtml(digest.title)}</h1>
${paragraphs(intro, 'margin:0 0 16px;')}
<ol style="margin:0 0 16px;padding-left:22px;">
${digest.items.map((item) => itemHtml(publicUrl, digest.week, item)).join('\n')}
</ol>
<p style="margin:0;">${link(web, 'Read this digest on the web')}</p>
${end.html}`,
  );
  return {
    from: settings.MAIL_FROM,
    to: recipient.email,
    subject: digest.title,
    text,
    html,
    messageId: digestMessageId(publicUrl, digest.week, recipient.id),
    headers: listHeaders(publicUrl, recipient),
  };
}
