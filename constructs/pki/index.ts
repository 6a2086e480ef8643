export * from './key-algorithm';
export * from './subject';
export * from './certificate-authority';
export * from './leaf-certificate';
export * from './server-certificate';
export * from './client-certificate';
export * from './ca-bundle';
export * from './tls-secret';
