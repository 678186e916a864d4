// Sends rich output to the notebook. tslab's public `display` sends one MIME type per message;
// a chart needs several in one output (Plotly's figure, a static SVG for saved/exported notebooks,
// plain text), so this uses the kernel's own display writer, the one tslab's display API calls.
import { serializeKernelSends } from "./kernel/serial-sends";

/** MIME type → content: text, or JSON for JSON types (application/vnd.plotly.v1+json, ...). */
export type Bundle = Record<string, unknown>;

serializeKernelSends();

interface DisplayWriter {
  (msg: { data: Bundle; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean): void;
}

function writer(): DisplayWriter | undefined {
  try {
    return (
      (require("tslab/dist/jupyter") as { lastWriteDisplayData: DisplayWriter | null }).lastWriteDisplayData ??
      undefined
    );
  } catch {
    return undefined;
  }
}

/** True inside a running tslab kernel cell. */
export function inKernel(): boolean {
  return writer() !== undefined;
}

/**
 * Shows a MIME bundle. With `displayId`, a later call with `update: true` replaces it in place.
 * Outside a kernel (a plain Node script) it prints the bundle's text/plain.
 */
export function displayBundle(data: Bundle, options: { displayId?: string; update?: boolean } = {}): void {
  const write = writer();
  if (!write) {
    if (data["text/plain"]) console.log(data["text/plain"]);
    return;
  }
  write(
    { data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} },
    Boolean(options.update),
  );
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
