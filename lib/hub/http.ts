// fetch for the Hub: gives up when a server does not start answering in time (never hangs),
// and sends HF_TOKEN to the configured endpoint (transformers.js sends it only to huggingface.co).
import { settings } from "../settings";
import { noteErrorCode } from "./errors";

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/**
 * A fetch that aborts when the server has not *started* answering within `timeoutMs`.
 * Once headers arrive the body may stream for as long as it takes (large model files).
 */
export function fetchWithConnectTimeout(timeoutMs: number = settings.hubTimeoutMs): typeof fetch {
  return async (input, init = {}) => {
    const controller = new AbortController();
    const outer = init.signal;
    if (outer) outer.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer from ${urlOf(input)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      return await fetch(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * fetch for Hub requests: connect timeout, plus `Authorization: Bearer $HF_TOKEN` for the Hub endpoint.
 * A failed answer's X-Error-Code (e.g. RepoNotFound) is noted for hubFailure() (errors.ts).
 */
export function hubFetch(): typeof fetch {
  const inner = fetchWithConnectTimeout();
  const noted: typeof fetch = async (input, init) => {
    const res = await inner(input, init);
    if (!res.ok) noteErrorCode(res.url || urlOf(input), res.headers.get("x-error-code"));
    return res;
  };
  return (input, init = {}) => {
    const token = settings.token;
    if (!token || !urlOf(input).startsWith(settings.hubEndpoint + "/")) return noted(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
    return noted(input, { ...init, headers });
  };
}
