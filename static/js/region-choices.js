// The entity form's region list, narrowed to the chosen country's regions.
// Without this file the list holds the regions of the user's countries,
// grouped by country, and the server refuses a region of another country.
// A region's code starts with its country's code and a hyphen ("TH-50").
(() => {
  "use strict";

  const setUp = () => {
    const country = document.getElementById("id_country");
    const region = document.getElementById("id_region");
    if (!country || !region) return;
    // Every option as the page came, to choose from again on each change.
    const blank = Array.from(region.options).find((option) => option.value === "");
    const all = Array.from(region.options).filter((option) => option.value !== "");
    const groups = Array.from(region.children).map((child) => child.cloneNode(true));

    const narrow = () => {
      const chosen = region.value;
      const code = country.value;
      region.replaceChildren();
      if (!code) {
        region.append(...groups.map((child) => child.cloneNode(true)));
      } else {
        if (blank) region.append(blank.cloneNode(true));
        const prefix = `${code}-`;
        for (const option of all) {
          if (option.value.startsWith(prefix)) region.append(option.cloneNode(true));
        }
      }
      const kept = Array.from(region.options).some((option) => option.value === chosen);
      region.value = kept ? chosen : "";
      for (const option of region.options) option.selected = option.value === region.value;
    };

    narrow();
    // The country's list is the admin's autocomplete (Select2), which tells
    // of a choice through jQuery; without it, the list's own change event.
    const jQuery = window.django && window.django.jQuery;
    if (jQuery) jQuery(country).on("change", narrow);
    else country.addEventListener("change", narrow);
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
