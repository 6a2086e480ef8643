export * from './waiver';
export * from './posture';
export * from './review-report';
