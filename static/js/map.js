// The map of entities (/map/), enhanced: the server's SVG becomes a Leaflet
// map that pans and zooms. For each view it asks the API for the entities'
// cells (the server counts them, so a million entities never cross the
// network) and for the first entities in view, which replace the list beneath
// the map. Without this file, or without Leaflet, the SVG and the list stay.
// The page's data comes from a json_script element: no inline script.
(() => {
  const holder = document.getElementById("entity-map");
  const source = document.getElementById("entity-map-data");
  if (!holder || !source || !window.L) return;
  const data = JSON.parse(source.textContent);
  const L = window.L;

  // Plain decimals, as the API's bbox takes them (never an exponent).
  const degrees = (value) => value.toFixed(4);
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
  const withFilters = (query) => (data.filters ? `${query}&${data.filters}` : query);

  function viewBox(map) {
    const bounds = map.getBounds();
    const box = [
      clamp(bounds.getWest(), -180, 180),
      clamp(bounds.getSouth(), -85, 85),
      clamp(bounds.getEast(), -180, 180),
      clamp(bounds.getNorth(), -85, 85),
    ];
    return box.map(degrees).join(",");
  }

  // The box of the cells asked for: the view widened to the lines of its
  // cells (data.cellsPerTile to a tile's width, as the API draws them), so that
  // every cell is whole and the server can answer from its grid counted in
  // advance. Those lines are exact in binary and in these decimals.
  function cellBox(map) {
    const bounds = map.getBounds();
    const size = 360 / 2 ** map.getZoom() / data.cellsPerTile;
    const out = (value, round, low, high) => clamp(round(value / size) * size, low, high);
    return [
      out(bounds.getWest(), Math.floor, -180, 180),
      out(bounds.getSouth(), Math.floor, -90, 90),
      out(bounds.getEast(), Math.ceil, -180, 180),
      out(bounds.getNorth(), Math.ceil, -90, 90),
    ]
      .map(String)
      .join(",");
  }

  holder.replaceChildren();
  holder.classList.add("entity-map-live");
  const map = L.map(holder, {
    zoomSnap: 1,
    worldCopyJump: false,
    minZoom: 2,
    maxZoom: data.maxZoom, // the API's cells go no closer
  });
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" rel="noreferrer">Leaflet</a>'
  );
  map.attributionControl.addAttribution(data.credit);
  const [west, south, east, north] = data.bbox;
  map.fitBounds([
    [south, west],
    [north, east],
  ]);

  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 18 }).addTo(map);
  } else {
    // The registry's own boundaries; regions without a shape are the cells' points.
    fetch(data.regionsUrl)
      .then((response) => (response.ok ? response.json() : null))
      .then((regions) => {
        if (!regions) return;
        L.geoJSON(regions, {
          filter: (feature) => feature.geometry && feature.geometry.type !== "Point",
          style: { className: "map-region", weight: 0.6, color: "#5a6675", fillColor: "#eef0f3", fillOpacity: 1 },
          interactive: false,
        })
          .addTo(map)
          .bringToBack();
      })
      .catch(() => {});
  }

  const cells = L.layerGroup().addTo(map);
  const list = document.getElementById("in-view-list");
  const status = document.getElementById("in-view-count");
  const all = document.getElementById("in-view-all");

  // Leaflet's markers take the focus but answer Enter only with a popup:
  // the action is bound to the click and to Enter alike.
  function onActivate(marker, action) {
    marker.on("click", action);
    marker.on("keypress", (event) => {
      if (event.originalEvent.key === "Enter") action();
    });
  }

  function drawCells(body) {
    cells.clearLayers();
    const largest = Math.max(1, ...body.cells.map((cell) => cell.count));
    for (const cell of body.cells) {
      const place = [cell.latitude, cell.longitude];
      if (cell.entity) {
        // A lone entity: a point that takes the keyboard's focus, named by the
        // entity, opening its page by click or Enter.
        const point = L.marker(place, {
          keyboard: true,
          title: cell.entity.name,
          alt: cell.entity.name,
          icon: L.divIcon({ className: "map-point-icon", iconSize: [14, 14] }),
        });
        // The page in this page's language (the API's links are the English ones).
        onActivate(point, () => window.location.assign(`${data.entityUrl}${cell.entity.id}/`));
        point.addTo(cells);
        continue;
      }
      const size = Math.round(24 + 24 * Math.sqrt((cell.count - 1) / Math.max(1, largest - 1)));
      const label = cell.count.toLocaleString();
      const marker = L.marker(place, {
        keyboard: true,
        title: data.words.cell.replace("{count}", label),
        alt: label,
        icon: L.divIcon({ className: "map-count-icon", html: label, iconSize: [size, size] }),
      });
      // A cell opens onto its entities: closer, or, at the closest, their list.
      onActivate(marker, () => {
        if (map.getZoom() >= map.getMaxZoom() - 2) {
          window.location.assign(`${data.listUrl}${new URL(cell.list_url, window.location.href).search}`);
          return;
        }
        const [w, s, e, n] = cell.bbox;
        map.fitBounds([
          [s, w],
          [n, e],
        ]);
      });
      marker.addTo(cells);
    }
  }

  function drawList(body, box) {
    if (!list) return;
    const items = body.results.map((entity) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `${data.entityUrl}${entity.id}/`;
      link.textContent = entity.name;
      item.append(link);
      return item;
    });
    list.replaceChildren(...items);
    if (status) {
      const words = body.count === 1 ? data.words.one : data.words.many;
      status.textContent = words.replace("{count}", body.count.toLocaleString());
    }
    if (all) all.href = `${data.listUrl}?${withFilters(`bbox=${box}`)}`;
  }

  let asked = 0;
  function update() {
    const box = viewBox(map);
    const mine = ++asked;
    const cellQuery = withFilters(`bbox=${cellBox(map)}&zoom=${map.getZoom()}`);
    fetch(`${data.cellsUrl}?${cellQuery}`, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (body && mine === asked) drawCells(body);
      })
      .catch(() => {});
    const listQuery = withFilters(`bbox=${box}&page_size=${data.listed}`);
    fetch(`${data.entitiesUrl}?${listQuery}`, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (body && mine === asked) drawList(body, box);
      })
      .catch(() => {});
  }

  map.on("moveend", update);
  update();
})();
