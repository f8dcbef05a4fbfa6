// Small progressive enhancements; every page works without this file.
document.documentElement.classList.remove("uten-js");
document.addEventListener("keydown", (event) => {
  // "/" focuses the patient search field, as in most search-first tools.
  if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
    const field = document.querySelector("[data-search-field]");
    if (field) { event.preventDefault(); field.focus(); }
  }
});

// New note: changing the note type reloads the form with the new type's headings. Text
// already typed is carried over in the browser (never through the URL): the title and
// the time as they are, each section to the section with the same heading, and text under
// a heading the new type lacks to the first section, prefixed with its old heading.
(() => {
  let carried = null;
  const sections = (form) => Array.from(form.querySelectorAll("textarea")).map((area) => {
    const label = form.querySelector(`label[for="${area.id}"]`);
    return { heading: label ? label.textContent.trim() : "", area };
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt.id !== "notattype") return;
    const form = document.querySelector("form.notat-skjema");
    if (!form) { carried = null; return; }
    carried = {
      tittel: form.querySelector("[name=tittel]")?.value || "",
      tid: form.querySelector("[name=dokumentert_tid]")?.value || "",
      tekster: sections(form).filter((s) => s.area.value.trim()).map((s) => [s.heading, s.area.value]),
    };
  });
  document.addEventListener("htmx:afterSettle", () => {
    const form = document.querySelector("form.notat-skjema");
    if (!carried || !form) return;
    const { tittel, tid, tekster } = carried;
    carried = null;
    const title = form.querySelector("[name=tittel]");
    if (title && tittel) title.value = tittel;
    const time = form.querySelector("[name=dokumentert_tid]");
    if (time && tid) time.value = tid;
    const targets = sections(form);
    if (!targets.length) return;
    const leftover = [];
    for (const [heading, text] of tekster) {
      const same = targets.find((t) => t.heading === heading);
      if (same) same.area.value = text; else leftover.push(`${heading}: ${text}`);
    }
    if (leftover.length) {
      const first = targets[0].area;
      first.value = [first.value, ...leftover].filter((v) => v.trim()).join("\n\n");
    }
  });
})();

// Phone header: «Meny» folds the main menu and the log-out in and out (CSS shows the menu
// as a row from 700 px). Escape closes it and gives the focus back to the button.
(() => {
  const button = document.querySelector("[data-meny-knapp]");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("open")) { set(false); button.focus(); }
  });
})();

// Text limits shown as the user types: every text field with a maxlength of 200 or more
// gets "12 av 2000 tegn" under it (read out politely when close to the limit).
(() => {
  const attach = (root) => {
    root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach((field) => {
      const limit = Number(field.getAttribute("maxlength"));
      if (!limit || limit < 200 || field.dataset.teller) return;
      field.dataset.teller = "ja";
      const counter = document.createElement("small");
      counter.className = "teller muted";
      counter.id = `${field.id || field.name}-teller`;
      counter.dataset.testid = "teller";
      const update = () => {
        const left = limit - field.value.length;
        counter.textContent = `${field.value.length} av ${limit} tegn`;
        counter.setAttribute("aria-live", left <= 50 ? "polite" : "off");
        counter.classList.toggle("teller-nesten", left <= 50);
      };
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
      field.insertAdjacentElement("afterend", counter);
      field.addEventListener("input", update);
      update();
    });
  };
  document.addEventListener("DOMContentLoaded", () => attach(document));
  document.addEventListener("htmx:afterSettle", (event) => attach(event.target));
})();

// HTMX actions never fail silently. An error answer (4xx/5xx) that is a fragment made for
// the target (an element with the target's id, carrying its own message) is swapped in as
// usual; any other error answer shows the server's Norwegian message (JSON `detail`, the
// alert or error list of a fragment, the message of an error page) next to the control.
(() => {
  const fallback = (status) => (status >= 500
    ? "Noe gikk galt på serveren. Prøv igjen om litt."
    : `Handlingen ble ikke utført (feilkode ${status}).`);
  const parse = (xhr) => {
    const type = xhr.getResponseHeader("Content-Type") || "";
    return type.includes("html") ? new DOMParser().parseFromString(xhr.responseText, "text/html") : null;
  };
  const messageFrom = (xhr, doc) => {
    const type = xhr.getResponseHeader("Content-Type") || "";
    if (type.includes("json")) {
      try {
        const data = JSON.parse(xhr.responseText);
        if (data && data.detail) return String(data.detail);
      } catch (error) { /* not JSON after all */ }
    }
    const node = doc && doc.querySelector("[data-feilmelding], [role=alert], .errorlist, main .lead");
    const text = node ? node.textContent.replace(/\s+/g, " ").trim() : "";
    return text || fallback(xhr.status);
  };
  const anchorOf = (elt) => (elt.closest && elt.closest("form")) || elt;
  const clear = (elt) => {
    const next = anchorOf(elt).nextElementSibling;
    if (next && next.classList.contains("htmx-feil")) next.remove();
  };
  const show = (elt, text) => {
    const anchor = anchorOf(elt);
    let box = anchor.nextElementSibling;
    if (!box || !box.classList.contains("htmx-feil")) {
      box = document.createElement("p");
      box.className = "error htmx-feil";
      box.setAttribute("role", "alert");
      box.dataset.testid = "htmx-feil";
      anchor.insertAdjacentElement("afterend", box);
    }
    box.textContent = text;
  };
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, target, elt } = event.detail;
    if (xhr.status < 400) { clear(elt); return; }
    const doc = parse(xhr);
    if (doc && target && target.id && doc.body && doc.body.querySelector(`[id="${CSS.escape(target.id)}"]`)
        && !doc.querySelector("main#main")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    show(elt, messageFrom(xhr, doc));
  });
  document.addEventListener("htmx:sendError", (event) => {
    show(event.detail.elt, "Fikk ikke kontakt med serveren. Sjekk nettet og prøv igjen.");
  });
})();

// Patient pickers (the application form): choosing a patient in the search results fills
// the fødselsnummer field of the form and shows who is chosen.
document.addEventListener("click", (event) => {
  const choice = event.target.closest("[data-velg-identifikator]");
  if (!choice) return;
  const field = document.getElementById(choice.dataset.felt || "id_identifikator");
  if (!field) return;
  field.value = choice.dataset.velgIdentifikator;
  const shown = document.getElementById("valgt-pasient");
  if (shown) {
    shown.textContent = `Valgt: ${choice.dataset.velgNavn}`;
    shown.hidden = false;
  }
  field.dispatchEvent(new Event("change", { bubbles: true }));
  field.focus();
});
