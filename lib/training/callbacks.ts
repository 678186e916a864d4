// Trainer callbacks: small objects the Trainer calls at fixed points.
export interface TrainerState {
  globalStep: number;
  epoch: number;
  bestMetric?: number;
  bestCheckpoint?: string;
}

export interface TrainerCallback {
  /** After each optimizer step, with that step's training loss. */
  onStep?(state: TrainerState, loss: number): void;
  /** After each evaluation; return true to stop training. */
  onEvaluate?(state: TrainerState, metrics: Record<string, number>): boolean | void;
}

/** Stops when `metric` has not improved for `patience` evaluations in a row (Python's EarlyStoppingCallback). */
export function earlyStopping(options: {
  patience: number;
  metric?: string;
  greaterIsBetter?: boolean;
  threshold?: number;
}): TrainerCallback & { stoppedAt?: number } {
  if (!(options.patience >= 1)) throw new Error(`earlyStopping patience must be at least 1, not ${options.patience}`);
  const metric = options.metric ?? "eval_loss";
  const greater = options.greaterIsBetter ?? !/loss/.test(metric);
  let best: number | undefined;
  let waited = 0;
  const cb: TrainerCallback & { stoppedAt?: number } = {
    onEvaluate(state, metrics) {
      const value = metrics[metric];
      if (value === undefined)
        throw new Error(
          `early stopping watches "${metric}", which the evaluation did not report (it reported ${Object.keys(metrics).join(", ")})`,
        );
      const improved =
        best === undefined ||
        (greater ? value > best + (options.threshold ?? 0) : value < best - (options.threshold ?? 0));
      if (improved) {
        best = value;
        waited = 0;
        return false;
      }
      waited++;
      if (waited >= options.patience) {
        cb.stoppedAt = state.globalStep;
        return true;
      }
      return false;
    },
  };
  return cb;
}
