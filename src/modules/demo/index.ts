export { DEMO_DIR, seedDemo, seedDemoIfEmpty } from './seed-demo.ts';
export type { DemoReport } from './seed-demo.ts';
export { seedDemoTips } from './demo-tips.ts';
