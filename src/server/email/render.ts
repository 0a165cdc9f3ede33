import 'server-only';
import { env } from '@/server/env';

export type EmailContent = {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
};

export type RenderedEmail = { text: string; html: string };

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Values can come from people (names, worksite names), so a link must never become javascript:.
function safeUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new Error(`Email links must be http(s), got ${u.protocol}`);
  }
  return u.toString();
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;';
const para = (s: string) =>
  `<p style="${FONT}font-size:16px;line-height:1.5;margin:0 0 16px;">${escapeHtml(s).replace(/\r?\n/g, '<br>')}</p>`;

/** One layout for every email: the HTML version and a plain-text version that says the same. */
export function renderEmail(
  content: EmailContent,
  appName: string = env().APP_NAME,
): RenderedEmail {
  const url = content.action ? safeUrl(content.action.url) : null;

  const text = [
    appName,
    '',
    content.heading,
    '='.repeat(Math.min(content.heading.length, 72)),
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action && url ? [`${content.action.label}: ${url}`, ''] : []),
    ...(content.footer ? ['--', content.footer, ''] : []),
  ].join('\n');

  const action =
    content.action && url
      ? `<p style="margin:24px 0;"><a href="${escapeHtml(url)}" style="${FONT}display:inline-block;background:#003366;color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;padding:12px 20px;border-radius:4px;">${escapeHtml(content.action.label)}</a></p>
${para(`If the button does not work, copy this address into your browser: ${url}`)}`
      : '';

  const footer = content.footer
    ? `<tr><td style="${FONT}padding:16px 24px;font-size:13px;line-height:1.5;color:#555555;border-top:1px solid #dddddd;">${escapeHtml(content.footer).replace(/\r?\n/g, '<br>')}</td></tr>`
    : '';

  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.heading)}</title>
</head>
<body style="margin:0;padding:0;background:#f2f2f2;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f2f2;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #dddddd;">
<tr><td style="${FONT}padding:16px 24px;background:#003366;color:#ffffff;font-size:18px;font-weight:bold;">${escapeHtml(appName)}</td></tr>
<tr><td style="padding:24px;">
<h1 style="${FONT}font-size:22px;line-height:1.3;margin:0 0 16px;">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map(para).join('\n')}
${action}
</td></tr>
${footer}
</table>
</td></tr>
</table>
</body>
</html>
`;

  return { text, html };
}
