export * from './sealing';
export * from './master-keys';
export * from './privacy-store';
export * from './personal-data.vault';
