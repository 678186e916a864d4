// Errors a learner can act on: each message says what to do.
import { redactToken, settings } from "../settings";

export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(redactToken(message));
    this.name = "HubError";
  }
}

/** 401/403: gated or private repo, or a wrong token. */
export class HubAuthError extends HubError {
  constructor(what: string, status: number, hadToken: boolean) {
    super(
      hadToken
        ? `The Hub refused access to ${what} (${status}) with your HF_TOKEN: the token may be wrong or expired, or you have not accepted this model's terms on its Hub page. Check it at https://huggingface.co/settings/tokens.`
        : `${what} needs a Hugging Face token (${status}): it is gated or private. Create a token at https://huggingface.co/settings/tokens, accept the model's terms on its Hub page, then set HF_TOKEN in the environment you start the course from (for example \`HF_TOKEN=hf_... npm start\`).`,
      status,
    );
    this.name = "HubAuthError";
  }
}

export class HubNotFoundError extends HubError {
  constructor(what: string, message?: string, status = 404) {
    super(
      message ?? `${what} was not found on the Hub (404): check the spelling of the repository, file and revision.`,
      status,
    );
    this.name = "HubNotFoundError";
  }
}

/**
 * The Hub's `X-Error-Code: RepoNotFound`: no such repo, or a private one this request may not see. To an
 * anonymous request the Hub answers it with 401 (not 404), so a mistyped id must not read as "needs a token".
 */
export class HubRepoNotFoundError extends HubNotFoundError {
  /** `what` names the repo: "Xenova/gpt2", "Xenova/gpt2 onnx/model.onnx", "the dataset nyu-mll/glue", "datasets/nyu-mll/glue". */
  constructor(what: string, status: number, hadToken: boolean) {
    const kind = /^datasets\/|\bdataset\b/.test(what) ? "dataset" : "model";
    const name = what.replace(/(^|\s)datasets\//, "$1").match(/[\w.-]+\/[\w.-]+/)?.[0] ?? what.split(" ")[0];
    super(
      what,
      `no ${kind} ${name} on the Hub (check the spelling; a private repo needs ${hadToken ? "an HF_TOKEN with access to it" : "HF_TOKEN"}).`,
      status,
    );
    this.name = "HubRepoNotFoundError";
  }
}

/** The Hub could not be reached at all (as opposed to answering with an error). */
export class HubUnreachable extends HubError {
  constructor(endpoint: string, why: string) {
    super(`the Hub at ${endpoint} cannot be reached (${why})`);
    this.name = "HubUnreachable";
  }
}

/**
 * A download that started and then failed (corrupted, short, interrupted): the server answered, so
 * this is not "offline" and never a reason to switch quietly to another model.
 */
export class DownloadFailedError extends HubError {
  constructor(message: string) {
    super(message);
    this.name = "DownloadFailedError";
  }
}

/** The error a learner should see for a failed Hub request: by HTTP status, or unreachable. */
export function hubFailure(
  what: string,
  err: unknown,
  endpoint = settings.hubEndpoint,
  hadToken = settings.hasToken,
): HubError {
  const status = (err as { statusCode?: number }).statusCode;
  if (status) return httpError(what, status, hadToken, errorCodeOf((err as { url?: string }).url));
  if (err instanceof HubError) return err;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return new HubUnreachable(endpoint, cause?.code ?? cause?.message ?? (err as Error).message);
}

// The X-Error-Code of failed Hub answers, by URL: @huggingface/hub's errors keep the URL but not the
// headers, so hubFetch() notes the code here for hubFailure() to find.
const ERROR_CODES = new Map<string, string>();

export function noteErrorCode(url: string, code: string | null): void {
  if (!code) return;
  if (ERROR_CODES.size >= 100) ERROR_CODES.delete(ERROR_CODES.keys().next().value!);
  ERROR_CODES.set(url, code);
}

function errorCodeOf(url: string | undefined): string | undefined {
  return url ? ERROR_CODES.get(url) : undefined;
}

/**
 * Maps an HTTP status (and the Hub's X-Error-Code) to the error a learner should see. `what` is
 * "<repo id>" or "<repo id> <file>" (datasets as "datasets/<id>").
 */
export function httpError(what: string, status: number, hadToken: boolean, errorCode?: string | null): HubError {
  if (errorCode === "RepoNotFound" && (status === 401 || status === 403 || status === 404))
    return new HubRepoNotFoundError(what, status, hadToken);
  if (status === 401 || status === 403) return new HubAuthError(what, status, hadToken);
  if (status === 404) return new HubNotFoundError(what);
  return new HubError(`The Hub answered ${status} for ${what}; try again later.`, status);
}
