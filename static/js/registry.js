// Progressive enhancement only: every page works without this file.
// With it, filter forms update their results in place (htmx) and the
// "Apply filters" button, needed only without JavaScript, is hidden.
document.documentElement.classList.add("js");
