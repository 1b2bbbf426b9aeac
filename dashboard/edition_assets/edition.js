// The static edition's page: the map (deck.gl, from its npm package), its period control with
// Play, the headline numbers and the table, all from the data written by dashboard/edition.py.
// Every number is looked up, never computed here; the period filters the map on the GPU
// (DataFilterExtension) and the table by the same rule (a row's days overlap the period's).
// Text from the record is only ever set as text (textContent, deck.gl's `text` tooltips).
(function () {
  "use strict";
  const E = window.EDITION;
  const countries = window.EDITION_COUNTRIES;
  const borders = window.EDITION_BORDERS;
  const last = E.months.length - 1;
  const OPEN = [[-1e5, 1e5], [-1e5, 1e5]];
  const byId = (id) => document.getElementById(id);
  const from = byId("from");
  const to = byId("to");
  const play = byId("play");
  from.max = to.max = String(last);

  // The view in the address: #from=2021-08&to=2024-05&country=IRQ (&embed=1 in an iframe).
  function readAddress() {
    const query = new URLSearchParams(location.hash.slice(1));
    let first = E.months.indexOf(query.get("from") || "");
    let final = E.months.indexOf(query.get("to") || "");
    if (first < 0) first = 0;
    if (final < 0) final = last;
    if (first > final) [first, final] = [final, first];
    const code = query.get("country") || "";
    return {
      first,
      final,
      country: E.codes.includes(code) ? code : "",
      embed: query.get("embed") === "1",
    };
  }
  let state = readAddress();
  let timer = null;

  function address(view) {
    const query = new URLSearchParams();
    if (view.first !== 0) query.set("from", E.months[view.first]);
    if (view.final !== last) query.set("to", E.months[view.final]);
    if (view.country) query.set("country", view.country);
    return query.toString();
  }
  function pageUrl() {
    return location.href.split("#")[0];
  }
  function periodKey() {
    return state.first + "-" + state.final;
  }
  function periodLabel() {
    const a = E.monthLabels[state.first];
    const b = E.monthLabels[state.final];
    return a === b ? a : a + " – " + b;
  }

  const filter = new deck.DataFilterExtension({ filterSize: 2 });
  function arcLayer(name, range) {
    const colours = E.style.arcs[name];
    return new deck.ArcLayer({
      id: name,
      data: E.rows[name],
      getSourcePosition: (d) => d.source,
      getTargetPosition: (d) => d.target,
      getSourceColor: colours[0],
      getTargetColor: colours[1],
      getWidth: (d) => d.width,
      getHeight: 0.5,
      pickable: true,
      extensions: [filter],
      getFilterValue: (d) => d.days,
      filterRange: range,
    });
  }
  function layers() {
    const key = periodKey();
    const range = E.ranges[key];
    const fills = E.periods[key].fills;
    return [
      new deck.SolidPolygonLayer({
        id: "ocean",
        data: [{ polygon: E.style.sea }],
        getPolygon: (d) => d.polygon,
        getFillColor: E.style.ocean,
      }),
      new deck.SolidPolygonLayer({
        id: "countries",
        data: countries,
        getPolygon: (d) => d.polygon,
        getFillColor: (d) => E.palette[Number(fills[d.n])],
        updateTriggers: { getFillColor: key },
        pickable: true,
      }),
      new deck.ArcLayer({
        id: "borders",
        data: borders,
        getSourcePosition: (d) => d.a,
        getTargetPosition: (d) => d.b,
        getSourceColor: E.style.border,
        getTargetColor: E.style.border,
        getWidth: 0.5,
        widthMinPixels: 0.5,
        getHeight: 0,
        numSegments: 2,
        extensions: [filter],
        getFilterValue: [0, 0],
        filterRange: OPEN,
      }),
      arcLayer("condolences", range),
      arcLayer("visits", range),
      arcLayer("trips", range),
      new deck.ScatterplotLayer({
        id: "stops",
        data: E.rows.stops,
        getPosition: (d) => d.position,
        getFillColor: E.style.stop,
        getRadius: 40000,
        radiusMinPixels: 3,
        radiusMaxPixels: 8,
        pickable: true,
        extensions: [filter],
        getFilterValue: (d) => d.days,
        filterRange: range,
      }),
      new deck.ScatterplotLayer({
        id: "tehran",
        data: E.home.length ? [{ position: E.home, tooltip: "Tehran: every trip starts here" }] : [],
        getPosition: (d) => d.position,
        getFillColor: E.style.home,
        getLineColor: [255, 255, 255],
        stroked: true,
        lineWidthMinPixels: 1.5,
        radiusMinPixels: 6,
        getRadius: 60000,
        pickable: true,
        extensions: [filter],
        getFilterValue: [0, 0],
        filterRange: OPEN,
      }),
    ];
  }

  function tooltip(info) {
    const object = info.object;
    if (!object) return null;
    let text = object.tooltip || "";
    if (info.layer && info.layer.id === "countries") {
      const hover = E.periods[periodKey()].hovers[String(object.n)];
      text += hover === undefined ? "" : E.hoverTexts[hover].split("{period}").join(periodLabel());
    }
    // deck.gl sets `text` as the tooltip's text, never as HTML.
    return { text: text, className: "deck-tooltip" };
  }
  function pageOf(info) {
    const object = info.object;
    if (!object) return "";
    const code = info.layer && info.layer.id === "countries" ? E.codes[object.n] : object.iso3;
    const n = E.codes.indexOf(code || "");
    return n >= 0 ? E.countryPages[String(n)] || "" : "";
  }

  // A country in the address frames its arcs and places (the app's framing); else the world.
  function framing() {
    return (state.country && E.countryViews[state.country]) || E.style.view;
  }
  let framed = state.country;
  const map = new deck.Deck({
    parent: byId("map"),
    width: "100%",
    height: "100%",
    views: new deck.MapView({ repeat: false }),
    initialViewState: framing(),
    controller: true,
    layers: layers(),
    getTooltip: tooltip,
    // A click opens the country's page; in an embedded view, in a new tab (not in the frame).
    onClick: (info) => {
      const page = pageOf(info);
      if (page && state.embed) window.open(page, "_blank", "noopener");
      else if (page) location.href = page;
    },
    getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
  });

  const rows = Array.from(document.querySelectorAll("#events tbody tr"));
  function showTable() {
    const range = E.ranges[periodKey()];
    const end = range[0][1];
    const start = range[1][0];
    let shown = 0;
    for (const row of rows) {
      const visible =
        Number(row.dataset.from) <= end &&
        Number(row.dataset.to) >= start &&
        (!state.country || row.dataset.country === state.country);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    byId("rows-shown").textContent = shown + " of " + rows.length + " rows in this view.";
  }

  function showShare() {
    const link = pageUrl() + (address(state) ? "#" + address(state) : "");
    byId("share-link").value = link;
    byId("full-record").setAttribute("href", link);
    const embedded = pageUrl() + "#" + address(state) + (address(state) ? "&" : "") + "embed=1";
    const embed = document.createElement("iframe");
    embed.setAttribute("src", embedded);
    embed.setAttribute("title", E.title);
    embed.setAttribute("width", "100%");
    embed.setAttribute("height", String(E.embedHeight));
    embed.setAttribute("style", "border:0");
    embed.setAttribute("loading", "lazy");
    byId("embed-height").textContent = String(E.embedHeight);
    byId("embed-code").value = embed.outerHTML;
    const accessed = new Date().toLocaleDateString("en-GB", {
      day: "2-digit",
      month: "long",
      year: "numeric",
    });
    byId("citation").value = E.citation.split("{url}").join(link).split("{accessed}").join(accessed);
  }

  function show(writeAddress) {
    from.value = String(state.first);
    to.value = String(state.final);
    from.setAttribute("aria-valuetext", E.monthLabels[state.first]);
    to.setAttribute("aria-valuetext", E.monthLabels[state.final]);
    const label = periodLabel();
    byId("period").textContent = label;
    byId("period-overlay").textContent = label;
    const numbers = E.periods[periodKey()].numbers;
    numbers.forEach((value, index) => {
      byId("number-" + index).textContent = String(value);
    });
    const note = byId("country-note");
    note.hidden = !state.country;
    if (state.country) {
      const row = countries.find((c) => c.iso3 === state.country);
      byId("country-shown").textContent =
        "The map is framed on " +
        (row ? row.tooltip : state.country) +
        " and the table lists its events only; the numbers are the whole record's.";
    }
    if (framed !== state.country) {
      framed = state.country;
      map.setProps({ initialViewState: { ...framing(), transitionDuration: 0 } });
    }
    map.setProps({ layers: layers() });
    showTable();
    showShare();
    if (writeAddress) {
      const query = address(state) + (state.embed ? (address(state) ? "&" : "") + "embed=1" : "");
      history.replaceState(null, "", query ? "#" + query : pageUrl());
    }
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "▶ Play";
  }
  // The period whose last month is `final`: from the first month (cumulative), or the last
  // few months (a moving window), as dashboard/playback.py's frame_at.
  function frameAt(final) {
    const first = byId("play-mode").value === "window" ? Math.max(0, final - E.play.window + 1) : 0;
    return { ...state, first, final };
  }
  function speed() {
    return E.play.speeds[byId("play-speed").value] || E.play.speeds.normal;
  }
  function step() {
    if (state.final >= last) {
      stop();
      show(true);
      return;
    }
    state = frameAt(state.final + 1);
    show(false);
  }
  function start() {
    if (timer !== null) clearInterval(timer);
    timer = setInterval(step, speed());
  }
  play.addEventListener("click", () => {
    if (timer !== null) {
      stop();
      show(true);
      return;
    }
    // As the app's Play (dashboard/playback.py): from the period's end onwards, or from the
    // first month when the period already ends on the last; each step moves a month on.
    state = frameAt(state.final < last ? state.final : 0);
    play.textContent = "⏸ Pause";
    show(false);
    start();
  });
  // A new speed takes effect at once; a new mode at the next step.
  byId("play-speed").addEventListener("change", () => {
    if (timer !== null) start();
  });

  // Copy buttons: the clipboard where the page may write to it, else the text selected.
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", () => {
      const box = byId(button.dataset.copy);
      const said = byId("copied");
      const done = () => {
        said.textContent = "Copied " + button.dataset.what + ".";
      };
      const fallback = () => {
        box.focus();
        box.select();
        said.textContent = document.execCommand("copy")
          ? "Copied " + button.dataset.what + "."
          : "Selected " + button.dataset.what + ": press Ctrl+C or ⌘C to copy it.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }
  for (const [input, which] of [[from, "first"], [to, "final"]]) {
    input.addEventListener("input", () => {
      stop();
      const value = Number(input.value);
      const next = { ...state, [which]: value };
      if (next.first > next.final) {
        if (which === "first") next.final = value;
        else next.first = value;
      }
      state = next;
      show(true);
    });
  }
  byId("all-countries").addEventListener("click", (event) => {
    event.preventDefault();
    state = { ...state, country: "" };
    show(true);
  });
  window.addEventListener("hashchange", () => {
    stop();
    state = readAddress();
    show(false);
  });

  E.headline.forEach((label, index) => {
    byId("label-" + index).textContent = label;
    byId("label-" + index).parentElement.title = E.headlineHelp[index];
  });
  byId("shading-rule").textContent = E.shadingRule;
  if (state.embed) document.body.classList.add("embedded");
  show(false);
})();
