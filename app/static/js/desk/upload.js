// Import page: send the file with XMLHttpRequest (fetch has no upload progress) and show how much has gone.
// Without this module the form posts as usual; the server answers both the same way.

const form = document.querySelector("[data-upload-form]");
const box = document.querySelector("[data-upload-progress]");
const bar = box?.querySelector("progress");
const status = box?.querySelector("[data-upload-status]");
const errorBox = document.querySelector('[data-testid="import-error"]');

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  box.hidden = true;
  form.querySelector('[type="submit"]').disabled = false;
}

function errorFrom(xhr) {
  // A refusal comes back as this page with the reason flashed; an error page says it in its own words.
  const page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
  const shown = (page.querySelector(".flashes .flash-error") ?? page.querySelector("[data-testid=error-message]"))
    ?.textContent.trim();
  return shown || `The upload failed (${xhr.status} ${xhr.statusText}).`;
}

function withoutHash(url) {
  const parsed = new URL(url, window.location.href);
  parsed.hash = "";
  return parsed.href;
}

function send(event) {
  event.preventDefault();
  errorBox.hidden = true;
  box.hidden = false;
  bar.value = 0;
  form.querySelector('[type="submit"]').disabled = true;
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((100 * e.loaded) / e.total);
    status.textContent = `${bar.value}% sent`;
  });
  xhr.upload.addEventListener("load", () => {
    bar.removeAttribute("value"); // indeterminate while the server stores the file
    status.textContent = "Sent; starting the import…";
  });
  xhr.addEventListener("load", () => {
    // The server answers a started import with a redirect to its job's page, and a refused one with a
    // redirect back here; XHR has followed either.
    const backHere = xhr.responseURL && withoutHash(xhr.responseURL) === withoutHash(window.location.href);
    if (xhr.status === 200 && xhr.responseURL && !backHere) {
      window.location.assign(xhr.responseURL);
    } else {
      showError(errorFrom(xhr));
    }
  });
  xhr.addEventListener("error", () => showError("The upload was interrupted; nothing was imported. Try again."));
  xhr.send(new FormData(form));
}

if (form && box && errorBox) form.addEventListener("submit", send);
