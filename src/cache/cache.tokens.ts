/**
 * Generations per (database, model): every committed write bumps the generation of each model it
 * touched, before the write is acknowledged; cache entries record the generations they were built on.
 */
export interface ModelGenerations {
  bump(db: string, models: Iterable<string>): Promise<void>;
}

export const MODEL_GENERATIONS = Symbol('MODEL_GENERATIONS');
