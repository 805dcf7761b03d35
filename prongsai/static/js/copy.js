// A button with data-copy="ID" copies the value of the element ID (an
// invitation link the admin passes on by LINE). A file, not inline: the CSP
// allows only our own scripts.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = button.dataset.copied || button.textContent;
  });
});
