/** The guidelines drawer, and on narrow screens the side panel as a drawer over the text. */

const NARROW = "(max-width: 999px)";

export class Drawers {
  constructor({ root, sidebar, sidebarButton, sidebarClose, guidelines, guidelinesButton, guidelinesClose }) {
    Object.assign(this, { root, sidebar, sidebarButton, sidebarClose, guidelines, guidelinesButton, guidelinesClose });
    this.returnFocus = null;
    sidebarButton.addEventListener("click", () => (this.sidebarOpen ? this.closeSidebar() : this.openSidebar(true)));
    sidebarClose.addEventListener("click", () => this.closeSidebar());
    guidelinesButton.addEventListener("click", () => (this.guidelines.hidden ? this.openGuidelines() : this.closeGuidelines()));
    guidelinesClose.addEventListener("click", () => this.closeGuidelines());
    window.matchMedia(NARROW).addEventListener("change", () => { if (!this.narrow) this.closeSidebar(); });
  }

  get narrow() { return window.matchMedia(NARROW).matches; }

  get sidebarOpen() { return this.sidebar.classList.contains("is-open"); }

  /** Show the selected span's panel: on a narrow screen the drawer opens; the text does not move. */
  showPanel() { if (this.narrow) this.openSidebar(false); }

  openSidebar(moveFocus) {
    if (!this.narrow) return;
    this.sidebar.classList.add("is-open");
    this.sidebarButton.setAttribute("aria-expanded", "true");
    if (moveFocus) {
      this.returnFocus = document.activeElement;
      this.sidebarClose.focus({ preventScroll: true });
    }
  }

  closeSidebar() {
    if (!this.sidebarOpen) return;
    const inside = this.sidebar.contains(document.activeElement);
    this.sidebar.classList.remove("is-open");
    this.sidebarButton.setAttribute("aria-expanded", "false");
    if (inside) (this.returnFocus && this.returnFocus.isConnected ? this.returnFocus : this.root).focus({ preventScroll: true });
    this.returnFocus = null;
  }

  /** Open the guidelines, at the heading with id `anchor` when given. */
  openGuidelines(anchor = null) {
    if (this.guidelines.hidden) this.guidelinesReturn = document.activeElement;
    this.guidelines.hidden = false;
    this.guidelinesButton.setAttribute("aria-expanded", "true");
    const target = anchor ? document.getElementById(anchor) : null;
    if (target && this.guidelines.contains(target)) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    } else {
      this.guidelines.querySelector("h2").focus({ preventScroll: true });
    }
  }

  closeGuidelines() {
    if (this.guidelines.hidden) return;
    this.guidelines.hidden = true;
    this.guidelinesButton.setAttribute("aria-expanded", "false");
    const back = this.guidelinesReturn && this.guidelinesReturn.isConnected ? this.guidelinesReturn : this.root;
    back.focus({ preventScroll: true });
  }

  /** Esc: close the guidelines, else the narrow drawer; false when neither was open. */
  closeTop() {
    if (!this.guidelines.hidden) { this.closeGuidelines(); return true; }
    if (this.narrow && this.sidebarOpen) { this.closeSidebar(); return true; }
    return false;
  }
}
