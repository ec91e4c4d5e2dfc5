// The one error type rendering throws: it always says which view, which file and (when
// Handlebars or a helper knows it) which line, so the preview overlay and `lxp` output can
// point at the exact place to fix.

export interface RenderErrorInfo {
  /** Name of the view being rendered when it failed (the innermost component, if any). */
  view?: string;
  viewType?: string;
  /** File of that view, relative to the experience folder. */
  file?: string;
  /** 1-based line in the file (front matter included) when known. */
  line?: number;
  column?: number;
}

export class RenderError extends Error {
  readonly view?: string;
  readonly viewType?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, info: RenderErrorInfo = {}) {
    super(message);
    this.name = 'RenderError';
    this.view = info.view;
    this.viewType = info.viewType;
    this.file = info.file;
    this.line = info.line;
    this.column = info.column;
  }

  /** "pages/home.hbs:12: message" — how people see it in a terminal. */
  describe(): string {
    const where = this.file ? (this.line !== undefined ? `${this.file}:${this.line}` : this.file) : this.view;
    return where ? `${where}: ${this.message}` : this.message;
  }
}
