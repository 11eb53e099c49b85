import { isOwnKey } from '@clearpath/contracts';
import type { CaseRecord } from '../cases/case-record';
import type { Offer } from '../offers/offer.engine';
import type { PlanRecord } from '../plans/plan-record';
import type { PromiseRecord } from '../promises/promise-record';
import { type SafeHtml, html, joinHtml, unsafeHtml } from './html.template';
import { TEXT, formatMoney, type PageLanguage, type PageText } from './page.i18n';

// One small inline stylesheet: no external assets, readable on a 390 px phone, fine on a desktop.
const CSS = unsafeHtml(`
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
@media (min-width:700px){main{padding:24px}}`);

function layout(lang: PageLanguage, title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${title}</title><style>${CSS}</style></head>
<body><main>${body}</main></body></html>`.toString();
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
  const money = (minor: bigint) => formatMoney(minor, v.c.currency);
  const hidden = html`<input type="hidden" name="lang" value="${v.lang}">`;
  const parts: SafeHtml[] = [];
  parts.push(html`<header><h1>${t.title}</h1><a href="${v.base}?lang=${other}" data-testid="switch-lang" hreflang="${other}">${t.switchTo}</a></header>`);
  // `done` and `error` come from the query string: own keys only, so `?done=constructor` shows nothing.
  if (v.done !== null && isOwnKey(t.done, v.done)) parts.push(html`<div class="msg ok" role="status" data-testid="done">${t.done[v.done]}</div>`);
  if (v.error !== null && isOwnKey(t.errors, v.error))
    parts.push(html`<div class="msg err" role="alert" data-testid="error">${t.errors[v.error](v.phone)}</div>`);

  parts.push(html`<section class="card" data-testid="owed"><h2>${t.owed}</h2>
    <div class="owed" data-testid="overdue-amount">${money(v.c.overdueMinor)}</div>
    <dl><dt>${t.overdue}</dt><dd>${money(v.c.overdueMinor)}</dd><dt>${t.outstanding}</dt><dd>${money(v.c.outstandingMinor)}</dd>
    <dt>${t.daysPastDue}</dt><dd>${v.c.daysPastDue}</dd><dt>${t.dueDate}</dt><dd>${v.c.dueDate}</dd></dl></section>`);

  if (v.c.status === 'resolved') parts.push(html`<div class="msg ok" data-testid="resolved">${t.resolved}</div>`);

  if (v.plans.length > 0 || v.promises.length > 0) {
    const items = [
      ...v.plans.map(
        (
          p,
        ) => html`<li data-testid="plan" data-plan-id="${p.planId}"><span class="badge">${t.planStatus[p.status] ?? p.status}</span> ${p.kind === 'INSTALMENT' ? t.instalments(p.instalments.length) : p.kind === 'SETTLEMENT' ? t.settlement(p.discountPercent ?? 0) : t.extension(0).replace(/（.*）|\(.*\)/, '')} · ${t.totalPayable} ${money(p.totalMinor)} · ${t.paid} ${money(p.paidMinor)}
          ${scheduleTable(
            t,
            p.instalments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, paidMinor: i.paidMinor })),
            v.c.currency,
          )}</li>`,
      ),
      ...v.promises.map(
        (p) =>
          html`<li data-testid="promise"><span class="badge">${t.promiseStatus[p.status] ?? p.status}</span> ${t.promiseLine(formatMoney(p.amountMinor, p.currency), p.promisedDate)}</li>`,
      ),
    ];
    parts.push(html`<section class="card"><h2>${t.yourPlans}</h2><ul style="padding-left:18px">${items}</ul></section>`);
  }

  const planOffers = v.offers.filter((o) => o.kind !== 'PROMISE');
  const promise = v.offers.find((o) => o.kind === 'PROMISE');
  if (v.c.status === 'open') {
    parts.push(html`<section data-testid="offers"><h2>${t.offersTitle}</h2><p class="note">${t.offersIntro}</p>`);
    if (planOffers.length === 0 && !promise) parts.push(html`<div class="card">${t.noOffers}</div>`);
    for (const o of planOffers) {
      parts.push(html`<div class="card" data-testid="offer" data-offer-id="${o.offerId}"><h2>${offerTitle(t, o)}</h2>
        <div class="total">${t.totalPayable}: ${money(o.totalPayableMinor)}</div>
        ${o.needsApproval && html`<p class="note">${t.needsApproval}</p>`}
        ${scheduleTable(
          t,
          o.schedule.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountMinor: i.amountMinor, paidMinor: null })),
          v.c.currency,
        )}
        <form method="post" action="${v.base}/plans">${hidden}<input type="hidden" name="offerId" value="${o.offerId}"><button type="submit">${t.choose}</button></form></div>`);
    }
    parts.push(html`</section>`);
    if (promise) {
      parts.push(html`<section class="card" data-testid="promise-form"><h2>${t.promiseTitle}</h2><p class="note">${t.promiseIntro(promise.latestDate ?? '')}</p>
        <form method="post" action="${v.base}/promises">${hidden}
        <label>${t.promiseAmount} (${v.c.currency})<input name="amount" inputmode="decimal" pattern="\\d{1,15}(\\.\\d{1,2})?" required value="${formatPlain(promise.totalPayableMinor)}"></label>
        <label>${t.promiseDate}<input type="date" name="date" required min="${v.today}" max="${promise.latestDate ?? v.today}" value="${promise.latestDate ?? v.today}"></label>
        <button type="submit" class="secondary">${t.promiseSubmit}</button></form></section>`);
    }
  }

  parts.push(html`<section class="card" data-testid="complaint-form"><h2>${t.complaintTitle}</h2><p class="note">${t.complaintIntro}</p>
    <form method="post" action="${v.base}/complaints">${hidden}<textarea name="text" rows="4" maxlength="4000" required></textarea>
    <button type="submit" class="secondary">${t.complaintSubmit}</button></form></section>`);
  parts.push(html`<p class="note">${t.privacy}</p>`);
  return layout(v.lang, t.title, joinHtml(parts, '\n'));
}

function formatPlain(minor: bigint): string {
  return `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
}

function scheduleTable(
  t: PageText,
  rows: ReadonlyArray<{ seq: number; dueDate: string; amountMinor: bigint; paidMinor: bigint | null }>,
  currency: string,
): SafeHtml {
  const withPaid = rows.some((r) => r.paidMinor !== null);
  const body = rows.map(
    (r) =>
      html`<tr><td>${r.seq}</td><td>${r.dueDate}</td><td class="num">${formatMoney(r.amountMinor, currency)}</td>${withPaid && html`<td class="num">${formatMoney(r.paidMinor ?? 0n, currency)}</td>`}</tr>`,
  );
  return html`<table aria-label="${t.schedule}"><thead><tr><th>${t.seq}</th><th>${t.date}</th><th class="num">${t.amount}</th>${withPaid && html`<th class="num">${t.paid}</th>`}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The page for a bad, expired or unknown link: friendly, in the debtor's language, no details. */
export function renderLinkProblem(lang: PageLanguage, kind: 'expired' | 'invalid' | 'unknown' | 'origin', phone: string): string {
  const t = TEXT[lang];
  const headline = kind === 'expired' ? t.linkExpired : kind === 'invalid' ? t.linkInvalid : kind === 'origin' ? t.forbiddenOrigin : t.unknownCase;
  return layout(lang, t.title, html`<h1>${t.title}</h1><div class="card" data-testid="link-problem"><h2>${headline}</h2><p>${t.linkHelp(phone)}</p></div>`);
}
