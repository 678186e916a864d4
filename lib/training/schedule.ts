// Hugging Face's default learning-rate schedule: linear warmup from 0, then linear decay to 0.
export function linearSchedule(baseLr: number, warmupSteps: number, totalSteps: number): (step: number) => number {
  return (step) => {
    if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
    return baseLr * Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  };
}
