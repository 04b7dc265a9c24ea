// Progressive enhancement only: every page works without this file.
// With it, filter forms update their results in place (htmx) and the
// "Apply filters" button, needed only without JavaScript, is hidden.
document.documentElement.classList.add("js");

// The language switcher sends the page's address as "next", to come back to it.
// Filters may have changed that address since the page loaded (htmx pushes the
// new one), so send the address as it is now. No change of language happens on
// merely choosing one: the person presses the button, as without JavaScript.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches(".language-switcher")) return;
  const next = form.elements.namedItem("next");
  if (next) next.value = location.pathname + location.search + location.hash;
});

// The filters sit behind a "Filters" control on a phone; on a wide screen the
// stylesheet shows them beside the results. Where it cannot (no
// ::details-content), open them here; and open them in any case, so that their
// state, as assistive technology reads it, matches what is shown.
const wideScreen = window.matchMedia("(min-width: 48.0625rem)");
const openFiltersOnWideScreens = () => {
  if (!wideScreen.matches) return;
  for (const panel of document.querySelectorAll("details.filter-panel")) panel.open = true;
};
openFiltersOnWideScreens();
wideScreen.addEventListener("change", openFiltersOnWideScreens);

// A filter form sends only the fields that are set, so the address it leads to
// (and that the person may share) carries only the filters in force. Without
// JavaScript the page redirects to that address instead.
function dropEmptyValues(data) {
  for (const name of new Set(data.keys())) {
    const kept = data.getAll(name).filter((value) => typeof value !== "string" || value.trim());
    data.delete(name);
    for (const value of kept) data.append(name, value);
  }
}

document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb === "get" && event.detail.formData) dropEmptyValues(event.detail.formData);
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method !== "get" || form.hasAttribute("hx-get")) {
    return;
  }
  const emptied = [...form.elements].filter(
    (field) => field.name && !field.disabled && typeof field.value === "string"
      && !field.value.trim() && !["checkbox", "radio"].includes(field.type),
  );
  for (const field of emptied) field.disabled = true;
  // The form's data is taken once this event is over; the page keeps its fields.
  setTimeout(() => { for (const field of emptied) field.disabled = false; });
});
