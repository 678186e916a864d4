// The tslab TypeScript kernel as a Jupyter kernelspec: launched with this Node (>= 20.19, so
// cells can `require` ESM-only packages) and the tslab installed in this project.
import * as path from "path";
import { LIB_ROOT } from "../paths";

export const KERNEL_NAME = "tslab";
const KERNEL_DISPLAY_NAME = "TypeScript";

/** Notebook metadata that makes JupyterLab open a notebook with the TypeScript kernel. */
export const NOTEBOOK_KERNEL_METADATA = {
  kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
  language_info: {
    name: "typescript",
    file_extension: ".ts",
    mimetype: "text/typescript",
    codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
  },
};

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal";
  env?: Record<string, string>;
}

/**
 * The course's launcher (lib/kernel/tslab-kernel.ts, built into lib/dist): tslab with its kernel
 * status and history_request mended. Always the built file, so sources and lib/dist launch alike.
 */
function tslabLauncher(): string {
  return path.join(LIB_ROOT, "dist", "kernel", "tslab-kernel.js");
}

export function tslabKernelSpec(): KernelSpec {
  return {
    argv: [process.execPath, tslabLauncher(), "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
  };
}
