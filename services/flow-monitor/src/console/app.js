// Clearpath flow-monitor console: plain browser JavaScript, no build step, no external assets.
// It asks once for an API key (kept in sessionStorage, this tab only) and calls the JSON API.
'use strict';

(function () {
  const KEY = 'clearpath.flow-monitor.api-key';
  const REFRESH_MS = 3000;
  const $ = (id) => document.getElementById(id);
  let refreshTimer = null;
  let selectedRecord = null;

  // ---- API -----------------------------------------------------------------------------------
  async function api(path, init) {
    const key = sessionStorage.getItem(KEY);
    const headers = Object.assign({ 'x-api-key': key || '' }, init && init.body ? { 'content-type': 'application/json' } : {});
    const response = await fetch(path, Object.assign({}, init, { headers }));
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = { detail: text };
    }
    if (!response.ok) {
      const fields = body && Array.isArray(body.errors) ? ' (' + body.errors.map((e) => e.path + ': ' + e.message).join('; ') + ')' : '';
      const error = new Error(((body && (body.detail || body.title)) || response.statusText) + fields);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function showError(error) {
    $('error').textContent = error ? String(error.message || error) : '';
    if (error && error.status === 401) signOut('The key was refused.');
  }

  // ---- DOM helpers (text only: nothing from the API is ever parsed as HTML) -------------------
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children || []) node.append(child);
    return node;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }
  const fmtRate = (r) => (r === null || r === undefined ? '–' : r.toFixed(r < 10 ? 2 : 0) + '/s');
  const fmtNum = (n) => (n === null || n === undefined ? '–' : String(n));
  const fmtMs = (ms) => (ms === null || ms === undefined ? '' : ms < 1000 ? '+' + ms + ' ms' : '+' + (ms / 1000).toFixed(2) + ' s');
  const fmtTime = (iso) => (iso ? iso.replace('T', ' ').replace('Z', '') : '–');
  const short = (topic) => topic.replace(/^collections\./, '').replace(/\.v1$/, '');

  // ---- sign-in ---------------------------------------------------------------------------------
  function signOut(message) {
    sessionStorage.removeItem(KEY);
    clearInterval(refreshTimer);
    $('app').hidden = true;
    $('tabs').hidden = true;
    $('sign-out').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('who').textContent = '';
  }

  async function signIn() {
    try {
      await api('/v1/dlq');
    } catch (error) {
      signOut(error.status === 403 ? 'This key may not use the console (ops, compliance or supervisor role needed).' : error.message);
      return;
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('tabs').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = 'signed in';
    $('refresh-seconds').textContent = String(REFRESH_MS / 1000);
    await loadDlqTopics();
    await refreshFlow();
    refreshTimer = setInterval(refreshFlow, REFRESH_MS);
  }

  // ---- pipeline graph --------------------------------------------------------------------------
  async function refreshFlow() {
    try {
      const flow = await api('/v1/flow');
      drawGraph(flow);
      drawGroups(flow);
      $('sampled-at').textContent = 'sampled ' + fmtTime(flow.sampledAt);
      $('graph').setAttribute('data-sampled-at', flow.sampledAt);
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  function drawGraph(flow) {
    const graph = $('graph');
    const W = 1180;
    const rowH = 74;
    const nodeW = 230;
    const topics = flow.topics;
    const producers = flow.services.filter((s) => flow.edges.some((e) => e.kind === 'produces' && e.from === s.name));
    const consumers = flow.services.filter((s) => flow.edges.some((e) => e.kind === 'consumes' && e.to === s.name));
    const H = Math.max(topics.length, producers.length, consumers.length) * rowH + 60;
    graph.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    graph.replaceChildren();
    const cols = { producer: 20, topic: (W - nodeW) / 2, consumer: W - nodeW - 20 };
    const place = (list, col) => {
      const gap = (H - 40) / list.length;
      return new Map(list.map((item, i) => [item.name, { x: col, y: 30 + i * gap + (gap - 56) / 2 }]));
    };
    const pPos = place(producers, cols.producer);
    const tPos = place(topics, cols.topic);
    const cPos = place(consumers, cols.consumer);
    graph.append(svg('text', { x: cols.producer, y: 18, class: 'small' }, 'PRODUCERS'));
    graph.append(svg('text', { x: cols.topic, y: 18, class: 'small' }, 'TOPICS (rate · end offset · DLQ)'));
    graph.append(svg('text', { x: cols.consumer, y: 18, class: 'small' }, 'CONSUMER GROUPS (lag on the edge)'));

    const edgeLayer = svg('g');
    graph.append(edgeLayer);
    for (const edge of flow.edges) {
      const from = edge.kind === 'produces' ? pPos.get(edge.from) : tPos.get(edge.from);
      const to = edge.kind === 'produces' ? tPos.get(edge.to) : cPos.get(edge.to);
      if (!from || !to) continue;
      const x1 = from.x + nodeW,
        y1 = from.y + 28,
        x2 = to.x,
        y2 = to.y + 28;
      const mx = (x1 + x2) / 2;
      const lagging = edge.kind === 'consumes' && edge.lag > 0;
      const cls = 'edge ' + edge.kind + (lagging ? ' lagging' : '') + (edge.assigned === false ? ' unassigned' : '');
      const path = svg('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, class: cls, 'data-edge': edge.from + '->' + edge.to });
      path.append(
        svg(
          'title',
          {},
          edge.from +
            ' → ' +
            edge.to +
            (edge.kind === 'consumes'
              ? ' (group ' + edge.group + ', lag ' + fmtNum(edge.lag) + (edge.assigned === false ? ', not assigned live' : '') + ')'
              : ' ' + fmtRate(edge.ratePerSec)),
        ),
      );
      edgeLayer.append(path);
      if (edge.kind === 'consumes') {
        edgeLayer.append(
          svg(
            'text',
            { x: x2 - 6, y: y2 - 4, 'text-anchor': 'end', class: 'edge-label' + (lagging ? ' bad' : ''), 'data-lag': edge.from + '->' + edge.to },
            'lag ' + fmtNum(edge.lag),
          ),
        );
      }
    }

    const serviceNode = (s, pos, side) => {
      const h = s.health;
      const status = s.internal ? (h ? h.status : 'unknown') : 'external';
      const g = svg('g', { class: 'node service ' + status, transform: `translate(${pos.x},${pos.y})`, 'data-service': s.name, 'data-side': side });
      g.append(svg('rect', { width: nodeW, height: 56 }));
      g.append(svg('text', { x: 10, y: 20, class: 'title' }, s.name));
      const line = s.internal
        ? status + (h && h.outboxBacklog !== null ? ' · outbox ' + h.outboxBacklog : '') + (h && h.failedChecks.length ? ' · ' + h.failedChecks.join(',') : '')
        : 'outside Clearpath';
      g.append(svg('text', { x: 10, y: 40, class: status === 'up' || status === 'external' ? 'small' : 'bad' }, line));
      return g;
    };
    for (const s of producers) graph.append(serviceNode(s, pPos.get(s.name), 'producer'));
    for (const s of consumers) graph.append(serviceNode(s, cPos.get(s.name), 'consumer'));
    for (const t of topics) {
      const pos = tPos.get(t.name);
      const g = svg('g', { class: 'node topic' + (t.containsPersonalData ? ' pii' : ''), transform: `translate(${pos.x},${pos.y})`, 'data-topic': t.name });
      g.append(svg('rect', { width: nodeW, height: 56 }));
      g.append(svg('text', { x: 10, y: 18, class: 'title' }, short(t.name)));
      g.append(
        svg('text', { x: 10, y: 34, class: 'small', 'data-rate': t.name }, t.error ? 'unavailable' : fmtRate(t.ratePerSec) + ' · end ' + fmtNum(t.endOffset)),
      );
      const depth = t.dlq ? t.dlq.depth : null;
      g.append(
        svg(
          'text',
          { x: 10, y: 50, class: depth > 0 ? 'bad' : 'small', 'data-dlq-depth': t.name },
          t.dlq ? 'DLQ ' + fmtNum(depth) + (t.dlq.newest[0] && t.dlq.newest[0].reason ? ' · ' + t.dlq.newest[0].reason : '') : '',
        ),
      );
      g.append(svg('title', {}, t.name + (t.containsPersonalData ? ' (personal data)' : '')));
      graph.append(g);
    }
  }

  function drawGroups(flow) {
    const rows = flow.groups.concat([flow.monitor]).map((g) => {
      const lags = g.topics.map((t) => short(t.topic) + ' ' + fmtNum(t.lag) + (t.assigned === false ? ' (not assigned)' : '')).join(', ');
      const v = g.verification;
      const check = !v
        ? 'no live members'
        : v.declaredNotAssigned.length + v.assignedNotDeclared.length === 0
          ? 'matches'
          : ['not assigned: ' + v.declaredNotAssigned.map(short).join(', '), 'undeclared: ' + v.assignedNotDeclared.map(short).join(', ')].join(' · ');
      return el('tr', {}, [
        el('td', { class: 'mono', text: g.group }),
        el('td', { text: g.state }),
        el('td', { class: 'num', text: String(g.members) }),
        el('td', { text: lags }),
        el('td', { class: v && check !== 'matches' ? 'bad' : '', text: check }),
      ]);
    });
    fill($('groups').tBodies[0], rows);
    const dlqRows = flow.topics
      .filter((t) => t.dlq)
      .map((t) =>
        el('tr', {}, [
          el('td', { class: 'mono', text: t.dlq.name }),
          el('td', { class: 'num' + (t.dlq.depth > 0 ? ' bad' : ''), text: fmtNum(t.dlq.depth) }),
          el('td', {
            text: t.dlq.newest
              .map(
                (r) =>
                  '@' + r.offset + ' ' + (r.reason || '?') + (r.consumerGroup ? ' by ' + r.consumerGroup : '') + (r.error ? ': ' + r.error.slice(0, 80) : ''),
              )
              .join(' | '),
          }),
        ]),
      );
    fill($('dlq-reasons').tBodies[0], dlqRows);
  }

  // ---- dead letters ----------------------------------------------------------------------------
  async function loadDlqTopics() {
    const { topics } = await api('/v1/dlq');
    $('dlq-topic').replaceChildren(...topics.map((t) => el('option', { value: t.name, text: t.name + (t.containsPersonalData ? ' (personal data)' : '') })));
  }

  let dlqLoad = 0;
  async function loadDlq() {
    const topic = $('dlq-topic').value;
    // Tab switch and topic change can both load: only the latest answer is drawn.
    const mine = ++dlqLoad;
    $('dlq-detail').hidden = true;
    selectedRecord = null;
    try {
      const page = await api('/v1/dlq/' + encodeURIComponent(topic) + '?limit=50');
      if (mine !== dlqLoad) return;
      fill(
        $('dlq-records').tBodies[0],
        page.records.map((r) => {
          const row = el('tr', { class: 'clickable', 'data-offset': r.offset, 'data-partition': String(r.partition) }, [
            el('td', { class: 'mono', text: r.partition + '/' + r.offset }),
            el('td', { text: fmtTime(r.failedAt || r.timestamp) }),
            el('td', { text: r.reason || '–' }),
            el('td', { class: 'mono', text: r.sourceTopic ? short(r.sourceTopic) + ' ' + r.sourcePartition + '/' + r.sourceOffset : '–' }),
            el('td', { class: 'mono', text: r.consumerGroup || '–' }),
            el('td', { text: (r.error || (r.errors ? JSON.stringify(r.errors) : '')).slice(0, 160) }),
          ]);
          row.addEventListener('click', () => selectRecord(r, row));
          return row;
        }),
      );
      $('dlq-records').setAttribute('data-topic', topic);
      await loadReplays();
      showError(null);
    } catch (error) {
      showError(error);
    }
  }

  function selectRecord(record, row) {
    for (const r of $('dlq-records').tBodies[0].rows) r.classList.remove('selected');
    row.classList.add('selected');
    selectedRecord = record;
    $('dlq-detail').hidden = false;
    $('dlq-detail-id').textContent = record.topic + ' ' + record.partition + '/' + record.offset + (record.masked ? ' (masked)' : '');
    $('dlq-headers').textContent = JSON.stringify(record.headers, null, 2);
    $('dlq-value').value = originalText(record);
    $('replay-result').textContent = '';
  }

  function originalText(record) {
    return record.valueFormat === 'json' ? JSON.stringify(record.value, null, 2) : String(record.value);
  }

  async function replay() {
    if (!selectedRecord) return;
    const r = selectedRecord;
    const body = { reason: $('replay-reason').value };
    const edited = $('dlq-value').value;
    if (edited !== originalText(r)) {
      try {
        body.value = JSON.parse(edited);
      } catch (e) {
        $('replay-result').textContent = 'The corrected value is not valid JSON: ' + e.message;
        return;
      }
    }
    const force = $('replay-force').checked ? '?force=true' : '';
    try {
      const result = await api('/v1/dlq/' + encodeURIComponent(r.topic) + '/' + r.partition + '/' + r.offset + '/replay' + force, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      $('replay-result').textContent =
        result.status === 'approval-required'
          ? 'Replay request #' + result.audit.requestId + ' waits for a second person (ops or compliance) to approve it: this topic carries personal data.'
          : 'Replay #' + result.audit.id + ' queued to ' + result.audit.targetTopic + (result.audit.corrected ? ' (corrected)' : '') + '.';
      await loadReplays();
    } catch (error) {
      $('replay-result').textContent = 'Refused: ' + error.message;
    }
  }

  // A second person approves a waiting request (the server refuses the requester: four-eyes).
  async function approve(requestId) {
    try {
      const result = await api('/v1/dlq/replay-requests/' + encodeURIComponent(requestId) + '/approve', { method: 'POST' });
      $('replay-result').textContent =
        'Replay request #' + requestId + ' approved: replay #' + result.audit.id + ' queued to ' + result.audit.targetTopic + '.';
    } catch (error) {
      $('replay-result').textContent = 'Refused: ' + error.message;
    }
    await loadReplays();
  }

  async function loadReplays() {
    try {
      const { replays } = await api('/v1/dlq/replays?topic=' + encodeURIComponent($('dlq-topic').value) + '&limit=20');
      const who = (by, role) => (by ? by + ' (' + role + ')' : '–');
      fill(
        $('replays').tBodies[0],
        replays.map((a) =>
          el('tr', Object.assign({ 'data-status': a.status }, a.id ? { 'data-replay': a.id } : {}, a.requestId ? { 'data-request': a.requestId } : {}), [
            el('td', { class: 'num', text: a.id ? a.id : 'request ' + a.requestId }),
            el(
              'td',
              {},
              a.status === 'pending-approval'
                ? [el('button', { class: 'approve', text: 'Approve', onclick: () => approve(a.requestId) })]
                : [document.createTextNode(a.status)],
            ),
            el('td', { text: fmtTime(a.replayedAt || a.requestedAt) }),
            el('td', { class: 'mono', text: who(a.requestedBy, a.requestedRole) }),
            el('td', { class: 'mono', text: who(a.approvedBy, a.approvedRole) }),
            el('td', { class: 'mono', text: a.dlqPartition + '/' + a.dlqOffset }),
            el('td', { class: 'mono', text: short(a.targetTopic) }),
            el('td', { text: a.corrected ? 'yes' : 'no' }),
            el('td', { text: a.forced ? 'yes' : 'no' }),
            el('td', { text: a.reason }),
            el('td', { class: 'mono', text: a.originalSha256.slice(0, 12) + '… → ' + a.replayedSha256.slice(0, 12) + '…' }),
          ]),
        ),
      );
    } catch (error) {
      // supervisors may browse dead letters but not the audit trail
      fill($('replays').tBodies[0], [el('tr', {}, [el('td', { colspan: '11', text: error.message })])]);
    }
  }

  // ---- trace and timeline ----------------------------------------------------------------------
  async function loadTrace(event) {
    event.preventDefault();
    const loanId = $('trace-loan').value.trim();
    try {
      const trace = await api('/v1/traces/' + encodeURIComponent(loanId));
      fill(
        $('trace').tBodies[0],
        trace.events.map((e, i) =>
          el('tr', { 'data-topic': e.topic }, [
            el('td', { class: 'num', text: String(i + 1) }),
            el('td', { text: fmtTime(e.kafkaTimestamp) }),
            el('td', { class: 'num', text: fmtMs(e.sincePreviousMs) }),
            el('td', { class: 'num', text: e.causeIndex === null ? '' : fmtMs(e.sinceCauseMs) + ' from #' + (e.causeIndex + 1) }),
            el('td', { class: 'mono', text: e.topic }),
            el('td', { class: 'mono', text: e.partition + '/' + e.offset }),
            el('td', { text: e.producer || '–' }),
            el('td', { text: e.eventType || '(unreadable)' }),
            el('td', { text: fmtTime(e.occurredAt) }),
            el('td', { class: 'mono', text: e.correlationId || '' }),
          ]),
        ),
      );
      fill(
        $('correlations').tBodies[0],
        trace.correlations.map((c) =>
          el('tr', {}, [
            el('td', { class: 'mono', text: c.correlationId }),
            el('td', { class: 'num', text: String(c.events) }),
            el('td', { text: c.topics.map(short).join(' → ') }),
            el('td', { text: fmtTime(c.firstAt) }),
            el('td', { class: 'num', text: fmtMs(c.spanMs) }),
          ]),
        ),
      );
      showError(null);
    } catch (error) {
      fill($('trace').tBodies[0], []);
      fill($('correlations').tBodies[0], []);
      showError(error);
    }
  }

  async function loadTimeline(event) {
    event.preventDefault();
    const loanId = $('timeline-loan').value.trim();
    try {
      const timeline = await api('/v1/cases/' + encodeURIComponent(loanId) + '/timeline');
      $('timeline').replaceChildren(
        ...timeline.entries.map((e) =>
          el('li', {}, [
            el('span', { class: 'stage', text: e.stage }),
            el('strong', { text: e.eventType || '(unreadable)' }),
            el('span', { text: e.text ? ' — ' + e.text : '' }),
            el('span', { class: 'when', text: fmtTime(e.at) + (e.service ? ' · ' + e.service : '') }),
          ]),
        ),
      );
      showError(null);
    } catch (error) {
      $('timeline').replaceChildren();
      showError(error);
    }
  }

  // ---- wiring ----------------------------------------------------------------------------------
  function showTab(name) {
    for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
    for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== 'tab-' + name;
    if (name === 'dlq') loadDlq();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, $('api-key').value.trim());
      $('api-key').value = '';
      signIn();
    });
    $('sign-out').addEventListener('click', () => signOut(''));
    for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
    $('dlq-load').addEventListener('click', loadDlq);
    $('dlq-topic').addEventListener('change', loadDlq);
    $('replay').addEventListener('click', replay);
    $('trace-form').addEventListener('submit', loadTrace);
    $('timeline-form').addEventListener('submit', loadTimeline);
    if (sessionStorage.getItem(KEY)) signIn();
  });
})();
