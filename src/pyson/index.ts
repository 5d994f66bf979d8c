export * from './pyson';
export { evaluate, PysonEnv, PysonError, pyEqual, truthy } from './evaluate';
