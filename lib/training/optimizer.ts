// AdamW (Loshchilov & Hutter): Adam with weight decay applied to the weights directly, not
// through the gradient, exactly as PyTorch's torch.optim.AdamW does it. TensorFlow.js ships Adam
// but not AdamW, so it is written here; its state saves and restores with a checkpoint.
import type * as TF from "@tensorflow/tfjs-core";

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  /** Parameters that get no weight decay (Hugging Face's Trainer: biases and LayerNorm weights). */
  noDecay?: (name: string) => boolean;
}

const noDecayForBiasAndNorm = (name: string) => name.endsWith(".bias") || /LayerNorm|layer_norm/.test(name);

export class AdamW {
  step = 0;
  readonly m = new Map<string, TF.Variable>();
  readonly v = new Map<string, TF.Variable>();
  private readonly o: Required<AdamWOptions>;

  constructor(
    private readonly tf: typeof TF,
    private readonly params: Map<string, TF.Variable>,
    options: AdamWOptions = {},
  ) {
    this.o = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, noDecay: noDecayForBiasAndNorm, ...options };
    for (const [name, p] of params) {
      for (const state of [this.m, this.v]) {
        const zeros = tf.zerosLike(p);
        state.set(name, tf.variable(zeros, false));
        zeros.dispose(); // the variable keeps its own reference to the memory
      }
    }
  }

  /** One update with these gradients (by parameter name) and this learning rate. */
  apply(grads: Map<string, TF.Tensor>, lr: number): void {
    const tf = this.tf;
    const { beta1, beta2, epsilon, weightDecay, noDecay } = this.o;
    this.step++;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    for (const [name, p] of this.params) {
      const g = grads.get(name);
      if (!g) continue;
      tf.tidy(() => {
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const decayed = weightDecay > 0 && !noDecay(name) ? tf.mul(p, 1 - lr * weightDecay) : p;
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      });
    }
  }

  /** One update with the gradients tf.variableGrads returns (keyed by TF.js variable name); disposes them. */
  applyVariableGrads(grads: Record<string, TF.Tensor>, lr: number): void {
    const byTfName = new Map([...this.params].map(([name, v]) => [v.name, name]));
    const named = new Map(Object.entries(grads).map(([k, g]) => [byTfName.get(k) ?? k, g]));
    this.apply(named, lr);
    for (const g of named.values()) g.dispose();
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/** Scales gradients so their global L2 norm is at most maxNorm; returns the norm before clipping. */
export function clipByGlobalNorm(
  tf: typeof TF,
  grads: Map<string, TF.Tensor>,
  maxNorm: number,
): { grads: Map<string, TF.Tensor>; norm: number } {
  const norm = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
  if (!(maxNorm > 0) || norm <= maxNorm) return { grads, norm };
  const scale = maxNorm / (norm + 1e-6);
  const clipped = new Map<string, TF.Tensor>();
  for (const [k, g] of grads) {
    clipped.set(k, tf.mul(g, scale));
    g.dispose();
  }
  return { grads: clipped, norm };
}
