/**
 * nest-tryton: the public surface a module imports, the way a Tryton module imports trytond.model,
 * trytond.pool and trytond.fields. A module in modules/ and one in another repository are written the
 * same way, against these names only (tests: nest-tryton/testing).
 */

// Models, their fields and values
export * from './fields';
export { extend, Model } from './pool/model';
export type {
  ActionDocs,
  ButtonSpec,
  JsonSchemaObject,
  ModelClass,
  ModelExtension,
  OrderSpec,
  RecordValues,
  RpcSpec,
  SearchOptions,
  UniqueConstraint,
  Values,
} from './pool/model';
export type { DomainInput, DomainNode } from './domain/domain';
export {
  And,
  Bool,
  Equal,
  Eval,
  evaluate,
  Get,
  Greater,
  If,
  In,
  Len,
  Less,
  Not,
  Or,
  PysonDate,
  PysonDateTime,
} from './pyson';
export type { FieldStates, PysonNode, PysonValue } from './pyson';
export { ident } from './domain/sql';
export type { TableQuery } from './domain/table-source';

// The request's environment
export { Env, ROOT_USER, rootAccess } from './pool/env';
export type { AccessControl, AccessMode, Context } from './pool/env';
export { Pool } from './pool/pool';
export type { StorageEvent, StorageListener } from './pool/pool';
export { recordTransition } from './ir/access/audit-log';

// Modules
export { manifestOf, TrytonModule } from './pool/manifest';
export type { DataLoader, ModuleClass, ModuleManifest } from './pool/manifest';
export { Injectable } from '@nestjs/common';

// Errors
export {
  AccessError,
  ApiError,
  BadRequestError,
  declareErrors,
  NotFoundError,
  UserError,
} from './pool/errors';
export type { ErrorCatalog } from './pool/errors';

// Default data
export { findRef, loadRecord, ModelData, refId } from './ir/model-data.model';
export { CronScheduler } from './ir/cron/scheduler';
export type { CronPass } from './ir/cron/scheduler';
export { computeNextCall } from './ir/cron/next-call';
export type { CronSchedule } from './ir/cron/next-call';
export { ALL, groupRef, loadFieldAccess, loadModelAccess, READ_ONLY } from './ir/access/default-access';
export type { Perms } from './ir/access/default-access';
export type { Sequence } from './ir/sequence.model';
export { adoptSequenceCode } from './ir/sequence.model';
export { formatNumber, formatNumberSymbol, Lang } from './ir/lang.model';
export type { LangFormat } from './ir/lang.model';

// What modules contribute to the HTTP API: usages, reports, pyDAL policies
export { Usage } from './serialization/usage.decorator';
export type { UsageContribution } from './serialization/usage.decorator';
export { TrytonReport } from './rest/report.registry';
export type { RenderedReport, ReportRenderer } from './rest/report.registry';
export { allowAllPolicy, InvalidPolicyError, MAX_LIMIT, Policy, POLICY_METHODS } from './restapi/policy';
export type {
  Authorize,
  DeletePolicy,
  GetPolicy,
  ModelPolicy,
  PerRequest,
  PolicyMethod,
  PolicyRequest,
  WritePolicy,
} from './restapi/policy';
export { RestApiPolicy } from './restapi/policy.decorator';
export type { PolicyContribution } from './restapi/policy.decorator';
export { PolicyRegistry } from './restapi/policy.registry';

// Users and application keys
export { createApplicationKey, requestApplicationKey, revokeApplicationKey } from './auth/application-keys';
export { createUser } from './auth/users';
export type { NewUser } from './auth/users';

// The application
export { AppConfig, ConfigError, loadConfig } from './config/config';
export { bootstrap, createApp } from './main';
export { CORE_MODULES, knownModuleClasses } from './app.module';
export type { AppOptions } from './app.module';
// The cache's generations: what a write bumps, for writes made outside the API (or a benchmark's cold runs)
export { MODEL_GENERATIONS } from './cache/cache.tokens';
export { WHOLE_DATABASE } from './cache/cache-store';
export type { CacheStore } from './cache/cache-store';
export { DatabaseServer } from './storage/database';
export { bulkLoad } from './storage/bulk-load';
export { setupDatabase } from './storage/setup';
export type { SetupOptions } from './storage/setup';
export { Transaction } from './storage/transaction';
