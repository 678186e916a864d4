// How fast this machine multiplies matrices on each TensorFlow.js backend: the operation that
// dominates training a transformer, in GFLOP/s (a size x size matmul is 2*size^3 operations).
import { trainingBackend, type TrainingBackendName } from "./backend";

export interface BackendSpeed {
  backend: TrainingBackendName;
  gflops: number;
  size: number;
}

/** Times `reps` square matmuls on tf's current backend (after one warm-up) and returns GFLOP/s. */
async function timeMatmul(tf: typeof import("@tensorflow/tfjs-core"), size: number, reps: number): Promise<number> {
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  const warm = tf.matMul(a, b);
  await warm.data();
  warm.dispose();
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  a.dispose();
  b.dispose();
  return (2 * size ** 3 * reps) / seconds / 1e9;
}

/**
 * Measures the training backend and, for comparison, the pure-JS cpu backend, then switches back
 * to the training backend.
 */
export async function compareBackendSpeeds(size = 256, reps = 5): Promise<BackendSpeed[]> {
  const training = await trainingBackend();
  const { tf } = training;
  const results: BackendSpeed[] = [{ backend: training.name, gflops: await timeMatmul(tf, size, reps), size }];
  if (training.name !== "cpu") {
    await tf.setBackend("cpu");
    results.push({ backend: "cpu", gflops: await timeMatmul(tf, size, Math.max(1, Math.floor(reps / 2))), size });
    await tf.setBackend(training.name);
  }
  return results;
}
