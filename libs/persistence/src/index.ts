export * from './service-data-source';
export * from './migrate.command';
export { DataSource, EntityManager } from 'typeorm';
export * from './append-only';
export * from './service-roles';
export * from './personal-data';
