// Is the Hub reachable? Answers within settings.hubTimeoutMs, never hangs.
import { settings, redactToken } from "../settings";
import { fetchWithConnectTimeout } from "./http";

export interface HubStatus {
  online: boolean;
  endpoint: string;
  /** Plain-words reason, fit to show a learner. */
  message: string;
}

/** Asks the Hub endpoint for a tiny answer. Offline mode answers at once without a network call. */
export async function checkHub(
  endpoint: string = settings.hubEndpoint,
  timeoutMs: number = settings.hubTimeoutMs,
): Promise<HubStatus> {
  if (settings.offline) {
    return {
      online: false,
      endpoint,
      message: "offline mode (HF_HUB_OFFLINE=1): the course uses cached and bundled models only",
    };
  }
  try {
    const res = await fetchWithConnectTimeout(timeoutMs)(`${endpoint}/api/models?limit=1`, { method: "GET" });
    await res.body?.cancel();
    if (res.status >= 500)
      return {
        online: false,
        endpoint,
        message: `the Hub answered ${res.status}: it is having trouble, try again later`,
      };
    return { online: true, endpoint, message: `the Hub at ${endpoint} answers` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return {
      online: false,
      endpoint,
      message: redactToken(
        `the Hub at ${endpoint} cannot be reached (${why}); the course falls back to cached and bundled models`,
      ),
    };
  }
}
