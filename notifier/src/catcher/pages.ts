import type { CaughtMail } from './store.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="refresh" content="${title === 'Mail catcher' ? '5' : '3600'}">
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f7;color:#1d1d24}
header{background:#3b2bd1;color:#fff;padding:12px 20px}header a{color:#fff}
main{padding:16px 20px}table{border-collapse:collapse;width:100%;background:#fff}
td,th{padding:8px 10px;border-bottom:1px solid #e5e5ea;text-align:left;font-size:14px}
iframe{width:100%;height:70vh;border:1px solid #ddd;background:#fff}pre{white-space:pre-wrap;background:#fff;padding:12px}
.meta td:first-child{color:#666;width:8em}.empty{color:#777}
</style></head><body><header><a href="/">Mail catcher</a></header><main>${body}</main></body></html>`;

export function listPage(mails: readonly CaughtMail[]): string {
  const rows = mails
    .map(
      (m) => `<tr><td>${escapeHtml(new Date(m.receivedAt).toLocaleString('en-GB'))}</td>
<td>${escapeHtml(m.to)}</td><td><a href="/mails/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>
<td>${m.attachments.length}</td></tr>`,
    )
    .join('\n');
  const body = mails.length
    ? `<table><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${rows}</table>`
    : '<p class="empty">No mail yet. Mails sent to this SMTP server show here.</p>';
  return page('Mail catcher', `<h1>${mails.length} mail(s)</h1>${body}`);
}

/** The HTML body with inline images pointed at this server, shown sandboxed. */
export function mailPage(mail: CaughtMail): string {
  let html = mail.html;
  if (html !== null) {
    mail.attachments.forEach((a, index) => {
      if (a.cid) html = (html ?? '').replaceAll(`cid:${a.cid}`, `/mails/${mail.id}/attachments/${index}`);
    });
  }
  const attachments = mail.attachments
    .map(
      (a, index) =>
        `<li><a href="/mails/${mail.id}/attachments/${index}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)}, ${a.size} bytes${a.inline ? ', inline' : ''})</li>`,
    )
    .join('');
  const body = `<table class="meta">
<tr><td>From</td><td>${escapeHtml(mail.from)}</td></tr><tr><td>To</td><td>${escapeHtml(mail.to)}</td></tr>
<tr><td>Subject</td><td>${escapeHtml(mail.subject)}</td></tr><tr><td>Received</td><td>${escapeHtml(mail.receivedAt)}</td></tr>
<tr><td>Message-ID</td><td>${escapeHtml(mail.messageId ?? '')}</td></tr></table>
<h2>Attachments</h2>${attachments ? `<ul>${attachments}</ul>` : '<p class="empty">none</p>'}
${html === null ? '' : `<h2>HTML</h2><iframe sandbox="allow-popups" srcdoc="${escapeHtml(html)}"></iframe>`}
${mail.text === null ? '' : `<h2>Text</h2><pre>${escapeHtml(mail.text)}</pre>`}
<p><a href="/mails/${mail.id}/raw">Raw message</a></p>`;
  return page(mail.subject || 'Mail', body);
}
