// The live desk's rich text box (Wagtail's Draftail editor) has no accessible name: the field's
// label points at the hidden input the editor writes to. Name each editor after its field's
// label once it appears, so screen readers, voice control and tests find "Update" by label.
(function () {
  "use strict";
  var counter = 0;

  function name(editor) {
    if (editor.hasAttribute("aria-labelledby") || editor.hasAttribute("aria-label")) return;
    var field = editor.closest(".w-field__wrapper");
    var label = field && field.querySelector("label");
    if (!label) return;
    if (!label.id) label.id = "live-desk-label-" + ++counter;
    editor.setAttribute("aria-labelledby", label.id);
  }

  function nameAll() {
    document.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach(name);
  }

  // The editor is mounted by Wagtail's scripts after the page loads, and again if re-rendered.
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  nameAll();
})();
