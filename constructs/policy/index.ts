export * from './waiver';
export * from './posture';
