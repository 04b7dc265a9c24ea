// The entity form's map (admin): beside the latitude and longitude, a Leaflet
// map of the chosen country's boundaries with a marker at the typed place.
// Clicking the map or dragging the marker fills in the two fields (five
// decimal places, about a metre) and, when the precision is blank, sets it to
// "exact"; typing moves the marker; a button clears them. The map is an aid
// for the mouse and the finger, hidden from assistive technology and out of
// the tab order: the fields stay the way to type a place. On a page the user
// may only read, the map shows the stored place and changes nothing.
// Without this file, or without Leaflet, the form is the plain form. Its data
// comes from a json_script element (no inline script); it asks nothing of
// another host but the tile server, when the deployment names one.
(() => {
  const source = document.getElementById("coordinate-picker-data");
  if (!source || !window.L) return;
  const data = JSON.parse(source.textContent);
  const L = window.L;

  const latitudeInput = document.getElementById("id_latitude");
  const longitudeInput = document.getElementById("id_longitude");
  const precisionInput = document.getElementById("id_location_precision");
  const countryInput = document.getElementById("id_country");
  const editable = Boolean(
    latitudeInput && longitudeInput && !latitudeInput.disabled && !longitudeInput.disabled
  );
  // The row of the coordinates, as an input or as read-only text.
  const row = document.querySelector(".form-row.field-latitude");
  if (!row) return;

  const PLACES = 5;
  const WORLD = [
    [-60, -180],
    [80, 180],
  ];

  // A coordinate as entities/coordinates.py reads it: a comma may stand for
  // the point, a degree sign may follow; anything else is not a place yet.
  const NUMBER = /^[+-]?(\d{1,3}([.,]\d*)?|[.,]\d+)\s*°?$/;
  function typed(input, limit) {
    const text = input.value.trim();
    if (!NUMBER.test(text)) return null;
    const value = Number.parseFloat(text.replace("°", "").replace(",", ".").replace(/\.$/, ""));
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
  }
  const rounded = (value) => String(Math.round(value * 10 ** PLACES) / 10 ** PLACES);

  // The picker: the map and its hint (hidden from assistive technology), the
  // clear button (a plain button, for the keyboard too), the boundaries' credit.
  const picker = document.createElement("div");
  picker.className = "form-row coordinate-picker";
  const aid = document.createElement("div");
  aid.className = "coordinate-picker-aid";
  aid.setAttribute("aria-hidden", "true");
  const holder = document.createElement("div");
  holder.className = "coordinate-picker-map";
  aid.append(holder);
  if (editable) {
    const hint = document.createElement("p");
    hint.className = "help";
    hint.textContent = data.words.hint;
    aid.append(hint);
  }
  picker.append(aid);
  const foot = document.createElement("div");
  foot.className = "coordinate-picker-foot";
  let clear = null;
  if (editable) {
    clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button coordinate-picker-clear";
    clear.textContent = data.words.clear;
    foot.append(clear);
  }
  const credit = document.createElement("p");
  credit.className = "help coordinate-picker-credit";
  credit.textContent = data.credit;
  if (data.tileUrl && data.tileAttribution) {
    const tiles = document.createElement("span");
    // The deployment's own text (MAP_TILE_ATTRIBUTION), HTML as Leaflet shows it.
    tiles.innerHTML = ` · ${data.tileAttribution}`;
    credit.append(tiles);
  }
  foot.append(credit);
  picker.append(foot);
  row.after(picker);

  const map = L.map(holder, {
    attributionControl: false, // the credit is written beneath the map
    keyboard: false, // the fields are the keyboard's way
    scrollWheelZoom: false, // the page scrolls over the map
    doubleClickZoom: false, // a click places the marker
    zoomSnap: 0.5,
    minZoom: 1,
    maxZoom: 18,
  });
  // The zoom buttons are for the mouse and the finger: out of the tab order,
  // as the whole map is hidden from assistive technology.
  for (const link of holder.querySelectorAll("a")) link.tabIndex = -1;

  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { maxZoom: 18 }).addTo(map);
  }
  const boundaries = L.layerGroup().addTo(map);
  const shapes = new Map(); // country code -> its GeoJSON, once fetched
  let shown = null; // the country whose boundaries are drawn

  const marker = L.marker([0, 0], { draggable: editable, keyboard: false, interactive: editable });

  function countryCode() {
    return countryInput ? countryInput.value : data.country || "";
  }

  function countryBounds(code) {
    const box = data.countries[code];
    return box
      ? L.latLngBounds([
          [box[1], box[0]],
          [box[3], box[2]],
        ])
      : null;
  }

  function draw(code, regions) {
    if (code !== shown) return; // the country changed while this was asked for
    boundaries.clearLayers();
    L.geoJSON(regions, {
      filter: (feature) => feature.geometry && feature.geometry.type !== "Point",
      // Colours in static/css/admin.css (the admin's light and dark themes);
      // over tiles, the outlines alone.
      style: { className: "coordinate-picker-region", weight: 0.8, fillOpacity: data.tileUrl ? 0 : 1 },
      interactive: false,
    }).addTo(boundaries);
  }

  // The country's boundaries (asked for once per country) and its box in view.
  function showCountry(frame) {
    const code = countryCode();
    if (code === shown) return;
    shown = code;
    boundaries.clearLayers();
    if (frame) {
      const bounds = countryBounds(code);
      map.fitBounds(bounds || WORLD);
    }
    if (!code || !data.countries[code]) return;
    if (shapes.has(code)) {
      draw(code, shapes.get(code));
      return;
    }
    fetch(data.regionsUrl + encodeURIComponent(code), { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((regions) => {
        if (!regions) return;
        shapes.set(code, regions);
        draw(code, regions);
      })
      .catch(() => {});
  }

  function placeMarker(latitude, longitude, follow) {
    if (latitude === null || longitude === null) {
      marker.remove();
      return;
    }
    marker.setLatLng([latitude, longitude]);
    if (!map.hasLayer(marker)) marker.addTo(map);
    if (follow && !map.getBounds().contains(marker.getLatLng())) map.panTo(marker.getLatLng());
  }

  function setValue(input, value) {
    if (!input || input.value === value) return;
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // A place picked on the map: written into the fields.
  function pick(latlng) {
    const place = latlng.wrap();
    const latitude = Math.max(-90, Math.min(90, place.lat));
    setValue(latitudeInput, rounded(latitude));
    setValue(longitudeInput, rounded(place.lng));
    if (precisionInput && !precisionInput.value) setValue(precisionInput, "exact");
    placeMarker(Number(latitudeInput.value), Number(longitudeInput.value), false);
  }

  // The first view: the country's box, widened to the place if it lies outside.
  let latitude = data.latitude;
  let longitude = data.longitude;
  if (editable) {
    latitude = typed(latitudeInput, 90);
    longitude = typed(longitudeInput, 180);
  }
  const bounds = countryBounds(countryCode());
  if (latitude !== null && longitude !== null) {
    const place = L.latLng(latitude, longitude);
    map.fitBounds(bounds ? bounds.extend(place) : place.toBounds(50_000), { maxZoom: 10 });
  } else {
    map.fitBounds(bounds || WORLD);
  }
  showCountry(false);
  placeMarker(latitude, longitude, false);

  if (!editable) return;

  map.on("click", (event) => pick(event.latlng));
  marker.on("dragend", () => pick(marker.getLatLng()));
  const follow = () => placeMarker(typed(latitudeInput, 90), typed(longitudeInput, 180), true);
  latitudeInput.addEventListener("input", follow);
  longitudeInput.addEventListener("input", follow);
  clear.addEventListener("click", () => {
    setValue(latitudeInput, "");
    setValue(longitudeInput, "");
    // The precision goes with the coordinates (the model refuses it alone).
    setValue(precisionInput, "");
    marker.remove();
  });

  if (countryInput) {
    // The country's select is Django's autocomplete (Select2), which tells of
    // a change through jQuery's events only; a plain select, natively.
    countryInput.addEventListener("change", () => showCountry(true));
    const jQuery = window.django && window.django.jQuery;
    if (jQuery) jQuery(countryInput).on("change", () => showCountry(true));
  }
})();
