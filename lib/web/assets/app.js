// rxmarket web dashboard: one WebSocket (/api/live), one frame per rendered screen (credit: the page
// says "ready" after painting), uPlot for the depth and price charts. No build step, no CDN.
'use strict';
(function () {
  const LADDER = 10;
  const HISTORY = 600;
  const $ = (id) => document.getElementById(id);
  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

  // ---- theme -------------------------------------------------------------------------------
  const savedTheme = localStorage.getItem('rxmarket-theme');
  if (savedTheme) document.documentElement.dataset.theme = savedTheme;
  $('theme').addEventListener('click', () => {
    const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark');
    const next = dark ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('rxmarket-theme', next);
    for (const view of cards.values()) view.depth = recreate(view.depth, view.depthHost, depthOptions(view.depthHost));
    price.chart = recreate(price.chart, $('price-chart'), priceOptions($('price-chart')));
    renderPrice();
  });

  // ---- number formats: fixed decimals per market so columns never jump ----------------------
  const decimalsOf = (x) => {
    const text = String(x);
    const dot = text.indexOf('.');
    return text.includes('e-') ? 8 : dot < 0 ? 0 : text.length - dot - 1;
  };
  const fmt = (x, decimals) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(decimals));
  const clock = (ms) => new Date(ms).toLocaleTimeString(undefined, { hour12: false });

  // ---- order book cards ----------------------------------------------------------------------
  const cards = new Map(); // market key -> view
  let selected;

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function createCard(market) {
    const card = el('article', { class: 'card', tabindex: '0', 'data-market': market.key, 'aria-label': `${market.exchange} ${market.symbol} order book` });
    const title = el('h3');
    title.append(el('span', {}, `${market.exchange} · ${market.symbol}`), el('span', { class: 'dim num', 'data-role': 'age' }, ''));
    const quote = el('p', { class: 'quote num', 'data-role': 'quote' }, '–');
    // perpetuals (BASE/QUOTE:SETTLE) get a funding line of their own, so no card's layout changes later
    const funding = market.symbol.includes(':') ? el('p', { class: 'quote num', 'data-role': 'funding' }, 'funding –') : undefined;
    const table = el('table', { class: 'ladder' });
    const head = el('thead');
    const hr = el('tr');
    for (const name of ['bid size', 'bid', 'ask', 'ask size']) hr.append(el('th', { scope: 'col' }, name));
    head.append(hr);
    const body = el('tbody');
    const cells = [];
    for (let i = 0; i < LADDER; i++) {
      const tr = el('tr');
      const row = {
        bidSize: el('td', { class: 'size', 'data-side': 'bid', 'data-level': String(i), 'data-field': 'size' }),
        bid: el('td', { class: 'bid', 'data-side': 'bid', 'data-level': String(i), 'data-field': 'price' }),
        ask: el('td', { class: 'ask', 'data-side': 'ask', 'data-level': String(i), 'data-field': 'price' }),
        askSize: el('td', { class: 'size', 'data-side': 'ask', 'data-level': String(i), 'data-field': 'size' }),
      };
      tr.append(row.bidSize, row.bid, row.ask, row.askSize);
      body.append(tr);
      cells.push(row);
    }
    table.append(head, body);
    const depthHost = el('div', { class: 'depth', role: 'img', 'aria-label': `${market.exchange} ${market.symbol} cumulative depth` });
    card.append(title, quote, ...(funding ? [funding] : []), table, depthHost);
    card.addEventListener('click', () => select(market.key));
    card.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && select(market.key));
    $('cards').append(card);
    const option = el('option', { value: market.key }, `${market.exchange} ${market.symbol}`);
    $('focus-select').append(option);
    const view = { card, quote, funding, cells, depthHost, depth: undefined, priceDecimals: 2, sizeDecimals: 4, history: [[], [], [], []], age: title.lastChild };
    cards.set(market.key, view);
    view.depth = new uPlot(depthOptions(depthHost), [[], [], []], depthHost);
    if (!selected) select(market.key);
    return view;
  }

  function renderCard(view, market, now) {
    const bids = market.bids;
    const asks = market.asks;
    for (const level of bids.concat(asks)) {
      view.priceDecimals = Math.min(8, Math.max(view.priceDecimals, decimalsOf(level[0])));
      view.sizeDecimals = Math.min(8, Math.max(view.sizeDecimals, decimalsOf(level[1])));
    }
    const p = view.priceDecimals;
    const s = view.sizeDecimals;
    for (let i = 0; i < LADDER; i++) {
      const row = view.cells[i];
      setLevel(row.bid, row.bidSize, bids[i], p, s);
      setLevel(row.ask, row.askSize, asks[i], p, s);
    }
    const bid = bids[0];
    const ask = asks[0];
    const spread = bid && ask ? ask[0] - bid[0] : NaN;
    const bps = bid && ask ? (spread / ((ask[0] + bid[0]) / 2)) * 1e4 : NaN;
    const last = market.lastTrade ? ` · last ${market.lastTrade.side} ${fmt(market.lastTrade.price, p)}` : '';
    view.quote.textContent = `spread ${fmt(spread, p)} (${fmt(bps, 2)} bps)${last}`;
    const f = market.funding;
    if (view.funding) {
      view.funding.textContent = f
        ? `funding ${f.rate === null ? '–' : `${f.rate >= 0 ? '+' : ''}${(f.rate * 100).toFixed(4)}%`} · mark ${fmt(f.markPrice, p)}${f.nextFundingTime === null ? '' : ` · next ${clock(f.nextFundingTime)}`}`
        : 'funding –';
    }
    view.age.textContent = market.bookAt === null ? 'no book yet' : `${fmt(Math.max(0, now - market.bookAt) / 1000, 1)} s`;
    // cumulative depth: x ascending (bids reversed, then asks)
    const xs = [];
    const bidCum = [];
    const askCum = [];
    let total = 0;
    const bidPoints = [];
    for (const [price, size] of bids) bidPoints.push([price, (total += size)]);
    bidPoints.reverse();
    for (const [price, cum] of bidPoints) {
      xs.push(price);
      bidCum.push(cum);
      askCum.push(null);
    }
    total = 0;
    for (const [price, size] of asks) {
      xs.push(price);
      bidCum.push(null);
      askCum.push((total += size));
    }
    view.depth.setData([xs, bidCum, askCum]);
  }

  function setLevel(priceCell, sizeCell, level, p, s) {
    const price = level ? String(level[0]) : '';
    if (priceCell.dataset.value === price) return; // unchanged: no DOM write
    priceCell.dataset.value = price;
    sizeCell.dataset.value = level ? String(level[1]) : '';
    priceCell.textContent = level ? fmt(level[0], p) : '';
    sizeCell.textContent = level ? fmt(level[1], s) : '';
  }

  function depthOptions(host) {
    const stepped = uPlot.paths.stepped({ align: 1 });
    return {
      width: host.clientWidth || 280,
      height: 90,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [
        { show: false },
        { show: false },
      ],
      series: [
        {},
        { stroke: css('--bid'), fill: css('--bid') + '33', paths: stepped, spanGaps: false, points: { show: false } },
        { stroke: css('--ask'), fill: css('--ask') + '33', paths: stepped, spanGaps: false, points: { show: false } },
      ],
    };
  }

  // ---- price & spread chart of the selected market -------------------------------------------
  const price = { chart: undefined };
  function priceOptions(host) {
    const axis = { stroke: css('--dim'), grid: { stroke: css('--line'), width: 1 }, ticks: { stroke: css('--line') } };
    return {
      width: host.clientWidth || 400,
      height: 200,
      legend: { show: true },
      scales: { x: { time: true }, spread: { auto: true } },
      axes: [axis, { ...axis, size: 70 }, { ...axis, scale: 'spread', side: 1, size: 50, grid: { show: false } }],
      series: [
        {},
        { label: 'bid', stroke: css('--bid'), width: 1.5, points: { show: false } },
        { label: 'ask', stroke: css('--ask'), width: 1.5, points: { show: false } },
        { label: 'spread', stroke: css('--accent'), scale: 'spread', width: 1, points: { show: false } },
      ],
    };
  }
  function renderPrice() {
    const view = cards.get(selected);
    if (view && price.chart) price.chart.setData(view.history);
  }
  function select(key) {
    selected = key;
    for (const [k, view] of cards) view.card.classList.toggle('selected', k === key);
    $('focus-select').value = key;
    $('focus-name').textContent = key;
    renderPrice();
  }
  $('focus-select').addEventListener('change', (e) => select(e.target.value));

  function recreate(chart, host, options) {
    chart?.destroy();
    const next = new uPlot(options, chart ? chart.data : [[], [], [], []].slice(0, options.series.length), host);
    return next;
  }

  // ---- side panels ---------------------------------------------------------------------------
  function rows(tbody, items, cellsOf) {
    while (tbody.rows.length > items.length) tbody.deleteRow(-1);
    items.forEach((item, i) => {
      const tr = tbody.rows[i] ?? tbody.insertRow();
      const values = cellsOf(item);
      while (tr.cells.length < values.length) tr.insertCell();
      values.forEach(([text, cls], j) => {
        const td = tr.cells[j];
        if (td.textContent !== text) td.textContent = text;
        const className = cls ?? '';
        if (td.className !== className) td.className = className;
      });
    });
  }

  /** Milliseconds with one decimal below 100, whole above (the column stays narrow: no cut digits). */
  const latencyMs = (x) => fmt(x, Number.isFinite(x) && x >= 100 ? 0 : 1);

  function renderVenues(venues) {
    rows($('venues'), venues, (v) => [
      [v.exchange],
      [v.status, v.status === 'open' ? 'open-signal' : v.status === 'closed' ? 'sell' : ''],
      [fmt(v.rate, 0), 'r'],
      [latencyMs(v.p50), 'r'],
      [latencyMs(v.p99), 'r'],
      [String(v.reconnects), 'r'],
      [String(v.resyncs), 'r'],
      [String(v.errors), 'r'],
    ]);
  }

  function renderArbitrage(rowsData, now) {
    rows($('arbitrage'), rowsData, (a) => {
      const o = a.open;
      const signal = o ? `buy ${o.buyExchange} ${o.buyPrice} → sell ${o.sellExchange} ${o.sellPrice}` : `none${a.lastClosedReason ? ` (last closed: ${a.lastClosedReason})` : ''}`;
      return [
        [a.base],
        [signal, o ? 'open-signal wrap' : 'dim wrap'],
        [o ? `${fmt(o.netSpreadPct, 3)}%` : '–', 'r'],
        [o && a.openedAt !== null ? fmt((now - a.openedAt) / 1000, 1) : '–', 'r'],
        [`${a.opened} / ${a.closed}`, 'r'],
      ];
    });
  }

  function renderFaults(frame) {
    const list = $('faults');
    const items = frame.faults.slice().reverse();
    while (list.children.length > items.length) list.lastChild.remove();
    items.forEach((f, i) => {
      const li = list.children[i] ?? list.appendChild(el('li'));
      const state = f.recoverySeconds === null ? 'recovering…' : `recovered in ${f.recoverySeconds.toFixed(2)} s`;
      const text = `${clock(f.injectedAt)} ${f.exchange} ${f.kind} (${f.symbol}) — ${state}${f.story.length ? ' · ' + f.story.join(' → ') : ''}`;
      if (li.textContent !== text) li.textContent = text;
      li.className = f.recoverySeconds === null ? 'wait' : 'ok';
      li.dataset.exchange = f.exchange;
      li.dataset.kind = f.kind;
    });
    $('fault-count').textContent = `${frame.faultsRecovered} / ${frame.faultsInjected}`;
  }

  function renderTape(tape) {
    const list = $('tape');
    const items = tape.slice(-15).reverse();
    while (list.children.length > items.length) list.lastChild.remove();
    items.forEach((t, i) => {
      const li = list.children[i] ?? list.appendChild(el('li', { class: 'num' }));
      const text = `${clock(t.timestamp)} ${t.exchange} ${t.symbol} ${t.side.toUpperCase()} ${t.amount} @ ${t.price}`;
      if (li.textContent !== text) li.textContent = text;
      li.className = `num ${t.side}`;
    });
  }

  // ---- fault injection form --------------------------------------------------------------------
  let injectReady = false;
  function setupInject(frame) {
    if (injectReady) return;
    const exchanges = Object.entries(frame.faultKinds).filter(([, kinds]) => kinds.length > 0);
    if (exchanges.length === 0) {
      $('inject').hidden = true;
      return;
    }
    injectReady = true;
    const ex = $('inject-exchange');
    for (const [exchange] of exchanges) ex.append(el('option', { value: exchange }, exchange));
    const refill = () => {
      const kinds = frame.faultKinds[ex.value] ?? [];
      $('inject-kind').replaceChildren(...kinds.map((k) => el('option', { value: k }, k)));
      const symbols = frame.markets.filter((m) => m.exchange === ex.value).map((m) => m.symbol);
      $('inject-symbol').replaceChildren(...symbols.map((s) => el('option', { value: s }, s)));
    };
    ex.addEventListener('change', refill);
    refill();
    $('inject').addEventListener('submit', (e) => {
      e.preventDefault();
      fetch('/api/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ exchange: ex.value, kind: $('inject-kind').value, symbol: $('inject-symbol').value }),
      });
    });
  }

  // ---- one frame ---------------------------------------------------------------------------
  function render(frame) {
    $('uptime').textContent = frame.uptime.toFixed(0);
    $('mapping').textContent = frame.mapping;
    for (const market of frame.markets) {
      const view = cards.get(market.key) ?? createCard(market);
      renderCard(view, market, frame.now);
      const points = frame.history[market.key];
      if (points) {
        const [t, b, a, s] = view.history;
        for (const [time, bid, ask] of points) {
          t.push(time / 1000);
          b.push(bid);
          a.push(ask);
          s.push(Number.isFinite(bid) && Number.isFinite(ask) ? ask - bid : null);
        }
        for (const series of view.history) if (series.length > HISTORY) series.splice(0, series.length - HISTORY);
      }
    }
    if (!price.chart) price.chart = new uPlot(priceOptions($('price-chart')), [[], [], [], []], $('price-chart'));
    renderPrice();
    renderVenues(frame.venues);
    renderArbitrage(frame.arbitrage, frame.now);
    renderFaults(frame);
    renderTape(frame.tape);
    setupInject(frame);
    document.body.dataset.frames = String(Number(document.body.dataset.frames ?? 0) + 1);
  }

  // ---- the live connection: render on the next animation frame, then ask for the next frame ----
  let latest;
  let painting = false;
  function connect() {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`);
    const link = (state, text) => {
      $('link').className = `dot ${state}`;
      $('link-text').textContent = text;
    };
    socket.onopen = () => link('open', 'live');
    socket.onmessage = (message) => {
      latest = JSON.parse(message.data);
      if (painting) return;
      painting = true;
      requestAnimationFrame(() => {
        painting = false;
        render(latest);
        if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ready"}');
      });
    };
    socket.onclose = () => {
      link('closed', 'disconnected, retrying…');
      setTimeout(connect, 1000);
    };
  }
  window.addEventListener('resize', () => {
    for (const view of cards.values()) view.depth.setSize({ width: view.depthHost.clientWidth, height: 90 });
    const host = $('price-chart');
    price.chart?.setSize({ width: host.clientWidth, height: 200 });
  });
  connect();
})();
