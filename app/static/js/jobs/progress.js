/** Live progress bars: every [data-job-url] element polls its job until the job has finished. */
const POLL_MS = 1000;
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

function render(element, job) {
  const bar = element.querySelector("[data-testid=job-progress-bar]");
  const { done, total, message } = job.progress;
  bar.max = total || 1;
  bar.value = total ? done : (job.state === "succeeded" ? 1 : 0);
  if (!total && job.state === "running") bar.removeAttribute("value"); // indeterminate while it counts nothing
  element.dataset.state = job.state;
  element.querySelector("[data-testid=job-state]").textContent = job.state;
  element.querySelector("[data-testid=job-message]").textContent =
    total ? `${message} (${done} of ${total})` : message;
  const download = element.querySelector("[data-testid=job-download]");
  download.hidden = !job.download_url;
  if (job.download_url) download.href = job.download_url;
  const result = element.querySelector("[data-testid=job-result]");
  if (result) {
    result.hidden = !job.result_url;
    if (job.result_url) result.href = job.result_url;
  }
  const error = element.querySelector("[data-testid=job-error]");
  error.hidden = !job.error;
  error.textContent = job.error || "";
  // A plain report is filled in here; one the server renders as a table comes with the reload below.
  const report = document.querySelector(`[data-job-report-for="${element.dataset.jobUrl}"]`);
  const plain = report && report.querySelector("[data-testid=job-report]");
  if (plain && job.report) {
    plain.textContent = JSON.stringify(job.report, null, 2);
    report.hidden = false;
  }
}

async function follow(element) {
  while (!FINISHED.has(element.dataset.state)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let response;
    try {
      response = await fetch(element.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    } catch {
      continue; // a network hiccup: try again at the next tick
    }
    if (!response.ok) {
      element.querySelector("[data-testid=job-message]").textContent = `Could not read the job (${response.status}).`;
      if (response.status === 401 || response.status === 403 || response.status === 404) return;
      continue;
    }
    render(element, await response.json());
  }
  // The job page renders some reports as tables on the server: show this one now that it is there.
  if (element.hasAttribute("data-reload-when-finished")) window.location.reload();
}

document.querySelectorAll("[data-job-url]").forEach((element) => { follow(element); });
