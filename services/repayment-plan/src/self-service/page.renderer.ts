import { isOwnKey } from '@clearpath/contracts';
import type { CaseRecord } from '../cases/case-record';
import type { Offer } from '../offers/offer.engine';
import type { PlanRecord } from '../plans/plan-record';
import type { PromiseRecord } from '../promises/promise-record';
import { TEXT, formatMoney, type PageLanguage, type PageText } from './page.i18n';

/** Escapes text for HTML content and attribute values. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

// One small inline stylesheet: no external assets, readable on a 390 px phone, fine on a desktop.
const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1d2733;background:#f4f6f8}
main{max-width:640px;margin:0 auto;padding:16px}header{display:flex;justify-content:space-between;align-items:center;gap:8px}
h1{font-size:1.35rem;margin:8px 0}h2{font-size:1.1rem;margin:0 0 8px}
.card{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.owed{font-size:1.8rem;font-weight:700;color:#b3261e}dl{display:grid;grid-template-columns:1fr auto;gap:4px 12px;margin:8px 0 0}dt{color:#5b6775}dd{margin:0;text-align:right}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{padding:4px 6px;border-bottom:1px solid #e6e9ed;text-align:left}td.num,th.num{text-align:right}
button{width:100%;min-height:44px;border:0;border-radius:8px;background:#1f6feb;color:#fff;font-size:1rem;margin-top:12px}
button.secondary{background:#5b6775}input,textarea{width:100%;font-size:1rem;padding:8px;border:1px solid #c4cad1;border-radius:8px}
label{display:block;margin-top:8px;color:#5b6775}.note{color:#5b6775;font-size:.9rem}.total{font-weight:600}
.msg{padding:12px;border-radius:8px;margin:12px 0}.ok{background:#e6f4ea;color:#1e4620}.err{background:#fdecea;color:#611a15}
.badge{display:inline-block;padding:0 8px;border-radius:10px;background:#e6e9ed;font-size:.85rem}a{color:#1f6feb}
@media (min-width:700px){main{padding:24px}}`;

function layout(lang: PageLanguage, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>${body}</main></body></html>`;
}

export function offerTitle(t: PageText, o: Offer): string {
  switch (o.kind) {
    case 'INSTALMENT':
      return `${t.instalments(o.schedule.length)}${o.offerId.endsWith('-R') ? ` · ${t.reducedFirst}` : ''}`;
    case 'EXTENSION':
      return t.extension(o.maxDays ?? 0);
    case 'SETTLEMENT':
      return t.settlement(o.discountPercent ?? 0);
    case 'PROMISE':
      return t.promiseTitle;
  }
}

export interface SelfServiceView {
  readonly lang: PageLanguage;
  readonly base: string;
  readonly c: CaseRecord;
  readonly offers: readonly Offer[];
  readonly plans: readonly PlanRecord[];
  readonly promises: readonly PromiseRecord[];
  readonly today: string;
  readonly phone: string;
  readonly done: string | null;
  readonly error: string | null;
}

/** The debtor's page: what is owed, their plans and promises, the offers, a promise and a complaint form. Amounts and dates only. */
export function renderSelfService(v: SelfServiceView): string {
  const t = TEXT[v.lang];
  const other: PageLanguage = v.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const money = (minor: bigint) => esc(formatMoney(minor, v.c.currency));
  const hidden = `<input type="hidden" name="lang" value="${v.lang}">`;
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(t.title)}</h1><a href="${esc(v.base)}?lang=${other}" data-testid="switch-lang" hreflang="${other}">${esc(t.switchTo)}</a></header>`);
  // `done` and `error` come from the query string: own keys only, so `?done=constructor` shows nothing.
  if (v.done !== null && isOwnKey(t.done, v.done)) parts.push(`<div class="msg ok" role="status" data-testid="done">${esc(t.done[v.done])}</div>`);
  if (v.error !== null && isOwnKey(t.errors, v.error)) parts.push(`<div class="msg err" role="alert" data-testid="error">${esc(t.errors[v.error](v.phone))}</div>`);

  parts.push(`<section class="card" data-testid="owed"><h2>${esc(t.owed)}</h2>
    <div class="owed" data-testid="overdue-amount">${money(v.c.overdueMinor)}</div>
    <dl><dt>${esc(t.overdue)}</dt><dd>${money(v.c.overdueMinor)}</dd><dt>${esc(t.outstanding)}</dt><dd>${money(v.c.outstandingMinor)}</dd>
    <dt>${esc(t.daysPastDue)}</dt><dd>${v.c.daysPastDue}</dd><dt>${esc(t.dueDate)}</dt><dd>${esc(v.c.dueDate)}</dd></dl></section>`);

  if (v.c.status === 'resolved') parts.push(`<div class="msg ok" data-testid="resolved">${esc(t.resolved)}</div>`);

  if (v.plans.length > 0 || v.promises.length > 0) {
    const items = [
      ...v.plans.map(
        (p) => `<li data-testid="plan" data-plan-id="${esc(p.planId)}"><span class="badge">${esc(t.planStatus[p.status] ?? p.status)}</span> ${esc(p.kind === 'INSTALMENT' ? t.instalments(p.instalments.length) : p.kind === 'SETTLEMENT' ? t.settlement(p.discountPercent ?? 0) : t.extension(0).replace(/（.*）|\(.*\)/, ''))} · ${esc(t.totalPayable)} ${money(p.totalMinor)} · ${esc(t.paid)} ${money(p.paidMinor)}
          ${scheduleTable(t, p.instalments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, paidMinor: i.paidMinor })), v.c.currency)}</li>`,
      ),
      ...v.promises.map((p) => `<li data-testid="promise"><span class="badge">${esc(t.promiseStatus[p.status] ?? p.status)}</span> ${esc(t.promiseLine(formatMoney(p.amountMinor, p.currency), p.promisedDate))}</li>`),
    ];
    parts.push(`<section class="card"><h2>${esc(t.yourPlans)}</h2><ul style="padding-left:18px">${items.join('')}</ul></section>`);
  }

  const planOffers = v.offers.filter((o) => o.kind !== 'PROMISE');
  const promise = v.offers.find((o) => o.kind === 'PROMISE');
  if (v.c.status === 'open') {
    parts.push(`<section data-testid="offers"><h2>${esc(t.offersTitle)}</h2><p class="note">${esc(t.offersIntro)}</p>`);
    if (planOffers.length === 0 && !promise) parts.push(`<div class="card">${esc(t.noOffers)}</div>`);
    for (const o of planOffers) {
      parts.push(`<div class="card" data-testid="offer" data-offer-id="${esc(o.offerId)}"><h2>${esc(offerTitle(t, o))}</h2>
        <div class="total">${esc(t.totalPayable)}: ${money(o.totalPayableMinor)}</div>
        ${o.needsApproval ? `<p class="note">${esc(t.needsApproval)}</p>` : ''}
        ${scheduleTable(t, o.schedule.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, paidMinor: null })), v.c.currency)}
        <form method="post" action="${esc(v.base)}/plans">${hidden}<input type="hidden" name="offerId" value="${esc(o.offerId)}"><button type="submit">${esc(t.choose)}</button></form></div>`);
    }
    parts.push(`</section>`);
    if (promise) {
      parts.push(`<section class="card" data-testid="promise-form"><h2>${esc(t.promiseTitle)}</h2><p class="note">${esc(t.promiseIntro(promise.latestDate ?? ''))}</p>
        <form method="post" action="${esc(v.base)}/promises">${hidden}
        <label>${esc(t.promiseAmount)} (${esc(v.c.currency)})<input name="amount" inputmode="decimal" pattern="\\d{1,15}(\\.\\d{1,2})?" required value="${esc(formatPlain(promise.totalPayableMinor))}"></label>
        <label>${esc(t.promiseDate)}<input type="date" name="date" required min="${esc(v.today)}" max="${esc(promise.latestDate ?? v.today)}" value="${esc(promise.latestDate ?? v.today)}"></label>
        <button type="submit" class="secondary">${esc(t.promiseSubmit)}</button></form></section>`);
    }
  }

  parts.push(`<section class="card" data-testid="complaint-form"><h2>${esc(t.complaintTitle)}</h2><p class="note">${esc(t.complaintIntro)}</p>
    <form method="post" action="${esc(v.base)}/complaints">${hidden}<textarea name="text" rows="4" maxlength="4000" required></textarea>
    <button type="submit" class="secondary">${esc(t.complaintSubmit)}</button></form></section>`);
  parts.push(`<p class="note">${esc(t.privacy)}</p>`);
  return layout(v.lang, t.title, parts.join('\n'));
}

function formatPlain(minor: bigint): string {
  return `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
}

function scheduleTable(t: PageText, rows: ReadonlyArray<{ seq: number; dueDate: string; amountMinor: bigint; paidMinor: bigint | null }>, currency: string): string {
  const withPaid = rows.some((r) => r.paidMinor !== null);
  const body = rows
    .map((r) => `<tr><td>${r.seq}</td><td>${esc(r.dueDate)}</td><td class="num">${esc(formatMoney(r.amountMinor, currency))}</td>${withPaid ? `<td class="num">${esc(formatMoney(r.paidMinor ?? 0n, currency))}</td>` : ''}</tr>`)
    .join('');
  return `<table aria-label="${esc(t.schedule)}"><thead><tr><th>${esc(t.seq)}</th><th>${esc(t.date)}</th><th class="num">${esc(t.amount)}</th>${withPaid ? `<th class="num">${esc(t.paid)}</th>` : ''}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The page for a bad, expired or unknown link: friendly, in the debtor's language, no details. */
export function renderLinkProblem(lang: PageLanguage, kind: 'expired' | 'invalid' | 'unknown' | 'origin', phone: string): string {
  const t = TEXT[lang];
  const headline = kind === 'expired' ? t.linkExpired : kind === 'invalid' ? t.linkInvalid : kind === 'origin' ? t.forbiddenOrigin : t.unknownCase;
  return layout(lang, t.title, `<h1>${esc(t.title)}</h1><div class="card" data-testid="link-problem"><h2>${esc(headline)}</h2><p>${esc(t.linkHelp(phone))}</p></div>`);
}
