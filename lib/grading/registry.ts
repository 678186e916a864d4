// Every exercise of the course, by id ("ch1.q3"): the chapters' checks in lib/checks/.
import { CHAPTER_00 } from "../checks/00-setup";
import { CHAPTER_01 } from "../checks/01-pipelines";
import type { Exercise } from "./exercise";

export const EXERCISES: readonly Exercise[] = [...CHAPTER_00, ...CHAPTER_01];

export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}
