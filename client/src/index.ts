export { Client, acceptLanguage } from './client';
export type {
  ClientOptions,
  Domain,
  FieldOptions,
  Order,
  RangeOptions,
  RecordBase,
  RecordOf,
  RecordPage,
  Report,
  SearchOptions,
} from './client';
export { Decimal } from './decimal';
export {
  BadRequestError,
  ConnectionError,
  ForbiddenError,
  NotFoundError,
  ProtocolError,
  RangeNotSatisfiableError,
  ServiceUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  TrytonError,
  UnauthorizedError,
} from './errors';
export type { ErrorBody } from './errors';
export { MemoryEtagStore } from './etag-cache';
export type { CachedAnswer, EtagStore } from './etag-cache';
export { JsonArrayStream } from './json-array-stream';
export { RecordList, TrytonRecord, TrytonRecord as Record, isRecordLike } from './record';
export type { Fields } from './record';
export type { CallOptions, PoolOptions, RetryOptions } from './transport';
export {
  PlainDate,
  PlainDateTime,
  PlainTime,
  TimeDelta,
  fromTagged,
  parseTagged,
  stringifyTagged,
  taggedReviver,
  toTagged,
} from './values';
export type { TrytonValue } from './values';
export { generateTypes, typeName } from './openapi-types';
