// "Copy link" on a shared page: copies the address shown beside it. Without
// JavaScript the button stays hidden and the address can be selected.
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("[data-copy-from]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyFrom);
  const status = button.parentElement.querySelector(".copy-status");
  if (!field) return;
  field.select();
  let said = button.dataset.copied;
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    said = button.dataset.failed;
  }
  if (status) status.textContent = said;
});
